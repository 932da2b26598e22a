package dev.mzsh.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs the real ./mzsh launcher as a user would, capturing stdout bytes, stderr and status. */
final class Mzsh {
    static final Path REPO = Path.of(System.getProperty("mzsh.repo", System.getProperty("user.dir")));

    record Result(int status, byte[] stdout, String stderr, Duration elapsed) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    private Mzsh() {}

    static Process start(Path workDir, String... args) throws IOException {
        return builder(workDir, args)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
    }

    private static Process startPiped(Path workDir, String... args) throws IOException {
        return builder(workDir, args).start();
    }

    private static ProcessBuilder builder(Path workDir, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(REPO.resolve("mzsh").toString());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(workDir.toFile());
    }

    /** As {@link #run}, with these environment variables changed (e.g. HOME for a test's own ~/.ssh). */
    static Result runWithEnv(Path workDir, java.util.Map<String, String> env, String... args) throws Exception {
        long t0 = System.nanoTime();
        return collect(startWithEnv(workDir, env, args), t0, args);
    }

    /** Starts ./mzsh with these environment variables changed, stdin from /dev/null. */
    static Process startWithEnv(Path workDir, java.util.Map<String, String> env, String... args) throws IOException {
        ProcessBuilder b =
                builder(workDir, args).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        b.environment().putAll(env);
        return b.start();
    }

    static Result run(Path workDir, String... args) throws Exception {
        return runWithInput(workDir, null, args);
    }

    /** As {@link #run}, with {@code stdin} (null: /dev/null) piped to mzsh. */
    static Result runWithInput(Path workDir, String stdin, String... args) throws Exception {
        long t0 = System.nanoTime();
        Process p = stdin == null ? start(workDir, args) : startPiped(workDir, args);
        if (stdin != null) {
            try (var in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        return collect(p, t0, args);
    }

    /** Waits for a started mzsh, as {@link #run} does. */
    static Result collect(Process p) throws Exception {
        return collect(p, System.nanoTime());
    }

    /** Waits (up to 5 minutes) for {@code p}, collecting its stdout bytes and stderr. */
    private static Result collect(Process p, long t0, String... args) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errPump = new Thread(() -> copy(p.getErrorStream(), err));
        errPump.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("mzsh did not finish within 5 minutes: " + String.join(" ", args));
        }
        errPump.join();
        return new Result(
                p.exitValue(), out, err.toString(StandardCharsets.UTF_8), Duration.ofNanos(System.nanoTime() - t0));
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try {
            in.transferTo(out);
        } catch (IOException ignored) {
            // process ended
        }
    }

    /** PIDs of QEMU processes whose command line mentions {@code marker} (e.g. a run directory). */
    static List<Long> qemuProcesses(String marker) throws IOException {
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(d -> d.getFileName().toString().matches("\\d+"))
                    .toList()) {
                try {
                    String cmdline = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ');
                    if (cmdline.contains("qemu-system") && cmdline.contains(marker)) {
                        pids.add(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (IOException ignored) {
                    // process gone meanwhile
                }
            }
        }
        return pids;
    }
}
