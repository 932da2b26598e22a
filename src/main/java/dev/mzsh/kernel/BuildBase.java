package dev.mzsh.kernel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the fragments are merged onto: one of the tree's own config targets
 * (defconfig, tinyconfig) or a .config file of the user's.
 */
public record BuildBase(Optional<String> target, Optional<Path> file) {
    public static final List<String> TARGETS = List.of("defconfig", "tinyconfig");

    public static BuildBase parse(String s) {
        if (TARGETS.contains(s)) {
            return new BuildBase(Optional.of(s), Optional.empty());
        }
        Path p = Path.of(s);
        if (!Files.isRegularFile(p)) {
            throw new KernelBuildException("--base " + s + ": give defconfig, tinyconfig or an existing .config file");
        }
        return new BuildBase(Optional.empty(), Optional.of(p.toAbsolutePath()));
    }

    public String describe() {
        return target.orElseGet(() -> file.orElseThrow().toString());
    }
}
