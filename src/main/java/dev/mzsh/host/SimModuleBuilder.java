package dev.mzsh.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
        List<Path> keyed = new java.util.ArrayList<>(sources);
        kernel.buildDir().map(d -> d.resolve(".config")).filter(Files::isRegularFile).ifPresent(keyed::add);
        Path outDir = cacheDir.resolve("sim").resolve(kernel.release()).resolve(hash(keyed).substring(0, 24));
        Path ko = outDir.resolve(MODULE_FILE);
        if (Files.isRegularFile(ko)) {
            return Optional.of(ko);
        }
        Path kdir = kernel.buildDir().orElseThrow(() -> new HostMissingException(
                "kernel headers for " + kernel.release() + " (needed to build memorizer-sim)",
                List.of("linux-headers-" + kernel.release())));
        Files.createDirectories(outDir.getParent());
        Path work = Files.createTempDirectory(outDir.getParent(), "build-");
        for (Path s : sources) {
            Files.copy(s, work.resolve(sourceDir.relativize(s).toString()), StandardCopyOption.REPLACE_EXISTING);
        }
        System.err.println("mzsh: building memorizer-sim for " + kernel.release() + " ...");
        Process p = new ProcessBuilder("make", "-C", work.toString(), "KDIR=" + kdir)
                .redirectErrorStream(true).start();
        String log;
        try (InputStream in = p.getInputStream()) {
            log = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0 || !Files.isRegularFile(work.resolve(MODULE_FILE))) {
                Files.writeString(work.resolve("build.log"), log);
                throw new IOException("building memorizer-sim failed; log: " + work.resolve("build.log"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while building memorizer-sim", e);
        }
        Files.createDirectories(outDir);
        Files.move(work.resolve(MODULE_FILE), ko, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(work);
        return Optional.of(ko);
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

    private static String hash(List<Path> files) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path f : files) {
                sha.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(Files.readAllBytes(f));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> w = Files.walk(dir)) {
            for (Path p : w.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
