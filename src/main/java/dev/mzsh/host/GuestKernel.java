package dev.mzsh.host;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A kernel mzsh can boot.
 *
 * @param image      bzImage / vmlinuz
 * @param release    its release string (read from the image itself)
 * @param modulesDir /lib/modules/RELEASE (may not exist: then everything must be built in)
 * @param stock      true for Debian's stock kernel, which needs memorizer-sim for a Memorizer interface
 */
public record GuestKernel(Path image, String release, Path modulesDir, boolean stock) {
    /** The kernel build tree for out-of-tree modules, if headers are installed. */
    public Optional<Path> buildDir() {
        Path build = modulesDir.resolve("build");
        return Files.isRegularFile(build.resolve("Makefile")) ? Optional.of(build) : Optional.empty();
    }
}
