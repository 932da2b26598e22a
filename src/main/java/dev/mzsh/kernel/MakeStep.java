package dev.mzsh.kernel;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs one step of a build (make, merge_config.sh) in the build directory, its
 * output appended to the build log and handed line by line to a listener.
 */
final class MakeStep {
    private final Path workDir;
    private final Writer log;

    MakeStep(Path workDir, Writer log) {
        this.workDir = workDir;
        this.log = log;
    }

    /** The step's output; throws naming the step when it exits non-zero. */
    String run(List<String> cmd, Consumer<String> lines) throws IOException {
        log.write("$ " + String.join(" ", cmd) + "\n");
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        // Messages in English (the error scan reads them) and no colour codes in the log.
        pb.environment().put("LC_ALL", "C");
        pb.environment().remove("MAKEFLAGS");
        Process p = pb.start();
        StringBuilder all = new StringBuilder();
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.ISO_8859_1))) {
            String line;
            while ((line = r.readLine()) != null) {
                log.write(line);
                log.write('\n');
                all.append(line).append('\n');
                lines.accept(line);
            }
        } finally {
            log.flush();
        }
        int rc;
        try {
            rc = p.waitFor();
        } catch (InterruptedException e) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            Thread.currentThread().interrupt();
            throw new KernelBuildException("interrupted: " + String.join(" ", cmd));
        }
        if (rc != 0) {
            throw new StepFailed(String.join(" ", cmd), rc);
        }
        return all.toString();
    }

    /** A step exited non-zero; the builder turns this into the log's first error. */
    static final class StepFailed extends IOException {
        StepFailed(String cmd, int rc) {
            super(cmd + " exited with status " + rc);
        }
    }
}
