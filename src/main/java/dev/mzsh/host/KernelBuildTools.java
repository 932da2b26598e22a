package dev.mzsh.host;

import java.nio.file.Path;
import java.util.List;

/** The host tools a Linux kernel build needs (`mzsh kernel build`), by the Debian package that has them. */
public final class KernelBuildTools {
    private static Requirement tool(String name, String file, String pkg) {
        return new Requirement(name, "building kernels (mzsh kernel build)", List.of(Path.of(file)), pkg, false);
    }

    public static final List<Requirement> ALL = List.of(
            tool("gcc", "/usr/bin/gcc", "gcc"),
            tool("make", "/usr/bin/make", "make"),
            tool("flex", "/usr/bin/flex", "flex"),
            tool("bison", "/usr/bin/bison", "bison"),
            tool("bc", "/usr/bin/bc", "bc"),
            tool("libelf headers", "/usr/include/gelf.h", "libelf-dev"),
            tool("OpenSSL headers", "/usr/include/openssl/ssl.h", "libssl-dev"),
            tool("pahole", "/usr/bin/pahole", "dwarves"),
            tool("depmod", "/usr/sbin/depmod", "kmod"));

    private KernelBuildTools() {}

    /** Installs what is missing when root; otherwise throws naming the tools and the apt fix (exit 4). */
    public static void ensure(HostProbe probe) {
        List<Finding> findings = ALL.stream().map(probe::find).toList();
        List<String> missing = HostProbe.missingPackages(findings, true);
        if (missing.isEmpty()) {
            return;
        }
        if (!AptInstaller.isRoot()) {
            throw missing(findings);
        }
        AptInstaller.install(missing);
    }

    /** The error naming what is missing among {@code findings} and the packages that fix it. */
    static HostMissingException missing(List<Finding> findings) {
        List<String> names = findings.stream()
                .filter(f -> !f.found())
                .map(f -> f.requirement().name())
                .toList();
        return new HostMissingException(
                "what a kernel build needs: " + String.join(", ", names), HostProbe.missingPackages(findings, true));
    }
}
