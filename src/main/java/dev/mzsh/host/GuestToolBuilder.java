package dev.mzsh.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

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
        Path source = sourceDir.resolve(COPY_TOOL + ".c").toAbsolutePath();
        if (!Files.isRegularFile(source)) {
            return Optional.empty();
        }
        Path outDir = cacheDir.resolve("guest-tools")
                .resolve(SourceHash.of(List.of(source)).substring(0, 24));
        Optional<Path> built = CachedBuild.find(outDir, COPY_TOOL);
        if (built.isPresent()) {
            return built;
        }
        Path gcc = probe.require(HostProbe.GCC);
        probe.require(HostProbe.LIBC_STATIC);
        return Optional.of(CachedBuild.ensure(outDir, COPY_TOOL, work -> {
            CachedBuild.run(
                    List.of(gcc.toString(), "-O2", "-static", "-Wall", "-o", COPY_TOOL, source.toString()),
                    work,
                    Duration.ofMinutes(5),
                    COPY_TOOL);
            return work.resolve(COPY_TOOL);
        }));
    }
}
