package dev.mzsh.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the kernel to boot: the user's (--kernel) or Debian's stock kernel, whose
 * release is read from the linux-image-amd64 package's dependency, never assumed.
 */
public final class KernelLocator {
    public static final String STOCK_PACKAGE = "linux-image-amd64";
    public static final String HEADERS_PACKAGE = "linux-headers-amd64";
    private static final Pattern IMAGE_DEP = Pattern.compile("linux-image-([0-9][^\\s,(]*)");
    /** The release once found: provisioning and the boot both ask, and each dpkg-query costs a fork. */
    private static volatile String foundRelease;

    private KernelLocator() {}

    public static GuestKernel user(Path image) {
        if (!Files.isRegularFile(image)) {
            throw new HostMissingException(
                    "kernel image " + image + " (it does not exist; pass a bzImage with --kernel)", List.of());
        }
        if (!Files.isReadable(image)) {
            throw new HostMissingException(
                    "read access to kernel image " + image + " for " + System.getProperty("user.name"), List.of());
        }
        try {
            String release = KernelImage.release(image)
                    .orElseThrow(() -> new HostMissingException(
                            "an x86 bzImage at " + image + " (use arch/x86/boot/bzImage, not vmlinux)", List.of()));
            return new GuestKernel(image, release, Path.of("/lib/modules", release), false);
        } catch (IOException e) {
            throw new HostMissingException("a readable kernel image " + image + " (" + e.getMessage() + ")", List.of());
        }
    }

    public static GuestKernel stock() {
        String release = stockRelease();
        Path image = Path.of("/boot/vmlinuz-" + release);
        if (!Files.isReadable(image)) {
            throw new HostMissingException(
                    "a readable " + image + " (package linux-image-" + release + ")", List.of(STOCK_PACKAGE));
        }
        return new GuestKernel(image, release, Path.of("/lib/modules", release), true);
    }

    /** The release linux-image-amd64 depends on, e.g. 6.1.0-56-amd64. */
    public static String stockRelease() {
        String known = foundRelease;
        if (known != null) {
            return known;
        }
        String depends = dpkgQuery("${Depends}", STOCK_PACKAGE);
        Matcher m = IMAGE_DEP.matcher(depends);
        if (!m.find()) {
            throw new HostMissingException(
                    "Debian's stock kernel, which the default guest boots", List.of(STOCK_PACKAGE));
        }
        foundRelease = m.group(1); // only a found release is kept: a missing one may be installed next
        return m.group(1);
    }

    private static String dpkgQuery(String format, String pkg) {
        try {
            Process p = new ProcessBuilder("dpkg-query", "-W", "-f=" + format, pkg)
                    .redirectErrorStream(true)
                    .start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return "";
            }
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
