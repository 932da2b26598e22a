package dev.mzsh.kernel;

import java.nio.file.Path;
import java.util.List;

/**
 * A `mzsh kernel build`: build {@code source} out of tree in {@code out}.
 *
 * @param source    the kernel source tree (only read)
 * @param fragments config fragments merged onto the base, in order
 * @param base      defconfig, tinyconfig or a .config file
 * @param out       the build directory (O=)
 * @param jobs      make -j
 */
public record KernelBuildRequest(Path source, List<Path> fragments, BuildBase base, Path out, int jobs) {
    public KernelBuildRequest {
        fragments = List.copyOf(fragments);
    }
}
