package dev.mzsh.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Builds the guest's small static helpers (guest-tools/, today mzsh-copy, which
 * moves kmaps at the speed of the 9p share) with the host's gcc, cached by the
 * source's hash: an unchanged helper is not rebuilt.
 */
public final class GuestToolBuilder {
    public static final String COPY_TOOL = "mzsh-copy";
    private final Path sourceDir;
    private final Path cacheDir;

    public GuestToolBuilder(Path sourceDir, Path cacheDir) {
        this.sourceDir = sourceDir;
        this.cacheDir = cacheDir;
    }

    /** The built mzsh-copy, or empty when this checkout has no guest-tools sources. */
    public Optional<Path> ensureCopyTool(HostProbe probe) throws IOException {
        Path source = sourceDir.resolve(COPY_TOOL + ".c");
        if (!Files.isRegularFile(source)) {
            return Optional.empty();
        }
        Path outDir = cacheDir.resolve("guest-tools").resolve(SourceHash.of(List.of(source)).substring(0, 24));
        Path bin = outDir.resolve(COPY_TOOL);
        if (Files.isRegularFile(bin)) {
            return Optional.of(bin);
        }
        Path gcc = probe.require(HostProbe.GCC);
        probe.require(HostProbe.LIBC_STATIC);
        Files.createDirectories(outDir);
        Path tmp = Files.createTempFile(outDir, COPY_TOOL, ".tmp");
        Process p = new ProcessBuilder(gcc.toString(), "-O2", "-static", "-Wall", "-o", tmp.toString(),
                source.toString()).redirectErrorStream(true).start();
        String log;
        try (InputStream in = p.getInputStream()) {
            log = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                Files.deleteIfExists(tmp);
                throw new IOException("building " + source + " failed: " + log.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Files.deleteIfExists(tmp);
            throw new IOException("interrupted while building " + COPY_TOOL, e);
        }
        Files.move(tmp, bin, StandardCopyOption.ATOMIC_MOVE);
        return Optional.of(bin);
    }
}
