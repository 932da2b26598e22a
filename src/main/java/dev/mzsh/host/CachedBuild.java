package dev.mzsh.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.commons.io.FileUtils;

/**
 * One file built from sources into the cache, under a directory named by the
 * sources' hash: found there when it was built before, else built in a fresh work
 * directory beside it and moved into place, so concurrent runs never see a
 * half-written file. A failed build keeps its work directory with {@code build.log}.
 */
final class CachedBuild {
    /** Builds into {@code work}; returns the built file (inside {@code work}). */
    interface Step {
        Path build(Path work) throws IOException;
    }

    private CachedBuild() {}

    /** The cached file, if built before. */
    static Optional<Path> find(Path outDir, String fileName) {
        Path out = outDir.resolve(fileName);
        return Files.isRegularFile(out) ? Optional.of(out) : Optional.empty();
    }

    /** {@code outDir/fileName}, built by {@code step} unless it is there already. */
    static Path ensure(Path outDir, String fileName, Step step) throws IOException {
        Optional<Path> found = find(outDir, fileName);
        if (found.isPresent()) {
            return found.get();
        }
        Files.createDirectories(outDir.getParent());
        Path work = Files.createTempDirectory(outDir.getParent(), "build-");
        Path built = step.build(work);
        Files.createDirectories(outDir);
        Path out = outDir.resolve(fileName);
        Files.move(built, out, StandardCopyOption.ATOMIC_MOVE);
        FileUtils.deleteDirectory(work.toFile());
        return out;
    }

    /**
     * Runs a build command in {@code work} within {@code limit}; on failure its output is
     * kept as {@code work/build.log} and the exception names it.
     */
    static void run(List<String> command, Path work, Duration limit, String what) throws IOException {
        Process p = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .start();
        String log;
        try (InputStream in = p.getInputStream()) {
            log = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        boolean ok;
        try {
            ok = p.waitFor(limit.toSeconds(), TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while building " + what, e);
        }
        if (!ok) {
            p.destroyForcibly();
            Path logFile = work.resolve("build.log");
            Files.writeString(logFile, log);
            String first =
                    log.lines().filter(l -> l.contains("error")).findFirst().orElse("");
            throw new IOException("building " + what + " failed" + (first.isEmpty() ? "" : ": " + first.strip())
                    + "; log: " + logFile);
        }
    }
}
