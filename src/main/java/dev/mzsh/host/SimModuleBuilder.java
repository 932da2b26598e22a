package dev.mzsh.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Builds the memorizer-sim kernel module for a kernel release, out of tree in the
 * cache (the repo stays clean), keyed by the sources' hash and the release: an
 * unchanged module is not rebuilt.
 */
public final class SimModuleBuilder {
    public static final String MODULE_FILE = "memorizer_sim.ko";
    private final Path sourceDir;
    private final Path cacheDir;

    public SimModuleBuilder(Path sourceDir, Path cacheDir) {
        this.sourceDir = sourceDir;
        this.cacheDir = cacheDir;
    }

    /** The built module, or empty when this checkout has no memorizer-sim sources. */
    public Optional<Path> ensure(GuestKernel kernel) throws IOException {
        if (!Files.isRegularFile(sourceDir.resolve("Makefile"))) {
            return Optional.empty();
        }
        List<Path> sources = sources();
        // The kernel's .config is part of the key: two builds of one release may lay out
        // struct kmem_cache differently, and a module for one would crash the other.
        List<Path> keyed = new ArrayList<>(sources);
        kernel.buildDir()
                .map(d -> d.resolve(".config"))
                .filter(Files::isRegularFile)
                .ifPresent(keyed::add);
        Path outDir = cacheDir.resolve("sim")
                .resolve(kernel.release())
                .resolve(SourceHash.of(keyed).substring(0, 24));
        if (CachedBuild.find(outDir, MODULE_FILE).isEmpty() && kernel.buildDir().isEmpty()) {
            throw new HostMissingException(
                    "kernel headers for " + kernel.release() + " (needed to build memorizer-sim)",
                    List.of("linux-headers-" + kernel.release()));
        }
        return Optional.of(CachedBuild.ensure(outDir, MODULE_FILE, work -> {
            for (Path s : sources) {
                Files.copy(s, work.resolve(sourceDir.relativize(s).toString()), StandardCopyOption.REPLACE_EXISTING);
            }
            System.err.println("mzsh: building memorizer-sim for " + kernel.release() + " ...");
            CachedBuild.run(
                    List.of(
                            "make",
                            "-C",
                            work.toString(),
                            "KDIR=" + kernel.buildDir().get()),
                    work,
                    Duration.ofMinutes(10),
                    "memorizer-sim");
            return work.resolve(MODULE_FILE);
        }));
    }

    private List<Path> sources() throws IOException {
        try (Stream<Path> s = Files.list(sourceDir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> {
                        String n = p.getFileName().toString();
                        return n.endsWith(".c") || n.endsWith(".h") || n.equals("Kbuild") || n.equals("Makefile");
                    })
                    .sorted()
                    .toList();
        }
    }
}
