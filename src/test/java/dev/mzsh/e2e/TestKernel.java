package dev.mzsh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's linux-source-6.1, unpacked once into mzsh's cache, and the one build
 * of it the kernel end-to-end tests share: tinyconfig + mzsh-guest.config +
 * debug.config, built by the real `./mzsh kernel build`. The first test to ask
 * builds it (the only full kernel build of a CI run); later ones, in this JVM or
 * a later run, get the reused build in seconds.
 */
final class TestKernel {
    static final Path TARBALL = Path.of("/usr/src/linux-source-6.1.tar.xz");
    static final Path CACHE = cacheDir().resolve("test-kernel");
    static final Path SOURCE = CACHE.resolve("linux-source-6.1");
    /** The shared build; a fixed --out so every test (and every run) finds the same one. */
    static final Path OUT = CACHE.resolve("build");

    static final Duration BUILD_LIMIT = Duration.ofMinutes(75);

    private static Mzsh.Result firstBuild;
    private static String sourceBeforeFirstBuild;

    private TestKernel() {}

    private static Path cacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        return xdg != null && !xdg.isBlank()
                ? Path.of(xdg, "mzsh")
                : Path.of(System.getProperty("user.home"), ".cache", "mzsh");
    }

    /** The unpacked source tree (never written to by any test). */
    static synchronized Path source() throws Exception {
        if (Files.isRegularFile(SOURCE.resolve("Makefile"))) {
            return SOURCE;
        }
        assertThat(TARBALL)
                .as("Debian's kernel source (./mzsh self-test installs linux-source-6.1)")
                .exists();
        Files.createDirectories(CACHE);
        Path partial = Files.createTempDirectory(CACHE, "unpack-");
        Process p = new ProcessBuilder("tar", "-xJf", TARBALL.toString(), "-C", partial.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.MINUTES) && p.exitValue() == 0)
                .as("tar: " + out)
                .isTrue();
        // Renamed into place only when complete: a cut-short unpack is never taken for the tree.
        Files.move(partial.resolve("linux-source-6.1"), SOURCE);
        Files.delete(partial);
        return SOURCE;
    }

    static List<String> buildArgs(Path source, Path out, String... more) {
        List<String> a = new ArrayList<>(List.of(
                "kernel",
                "build",
                "--source",
                source.toString(),
                "--base",
                "tinyconfig",
                "--config",
                fragment("mzsh-guest.config"),
                "--config",
                fragment("debug.config"),
                "--out",
                out.toString()));
        a.addAll(List.of(more));
        return a;
    }

    static String fragment(String name) {
        return Mzsh.REPO.resolve("kernel-configs").resolve(name).toString();
    }

    /** The first `mzsh kernel build` of the shared tree in this JVM (it may itself have been a reuse). */
    static synchronized Mzsh.Result firstBuild() throws Exception {
        if (firstBuild == null) {
            sourceBeforeFirstBuild = dev.mzsh.kernel.SourceFingerprint.tree(source().toRealPath());
            firstBuild = run(buildArgs(source(), OUT));
            assertThat(firstBuild.status()).as(firstBuild.stderr()).isZero();
        }
        return firstBuild;
    }

    /** The source tree's checksum (paths, sizes, mtimes) taken just before {@link #firstBuild()} ran. */
    static synchronized String sourceBeforeFirstBuild() throws Exception {
        firstBuild();
        return sourceBeforeFirstBuild;
    }

    /** The shared build directory, built if need be. */
    static Path buildDir() throws Exception {
        return Path.of(firstBuild().out().strip());
    }

    /** Runs ./mzsh with a limit long enough for a kernel build. */
    static Mzsh.Result run(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Mzsh.REPO.resolve("mzsh").toString());
        cmd.addAll(args);
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd)
                .directory(CACHE.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread pump = new Thread(() -> {
            try {
                p.getErrorStream().transferTo(err);
            } catch (IOException ignored) {
                // ended
            }
        });
        pump.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(BUILD_LIMIT.toMinutes(), TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("mzsh did not finish within " + BUILD_LIMIT + ": " + args);
        }
        pump.join();
        return new Mzsh.Result(
                p.exitValue(), out, err.toString(StandardCharsets.UTF_8), Duration.ofNanos(System.nanoTime() - t0));
    }
}
