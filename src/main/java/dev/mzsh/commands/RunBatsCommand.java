package dev.mzsh.commands;

import dev.mzsh.bats.BatsResults;
import dev.mzsh.bats.BatsRun;
import dev.mzsh.bats.JUnitReport;
import dev.mzsh.bats.StagedTests;
import dev.mzsh.bats.SummaryTable;
import dev.mzsh.bats.TapParser;
import dev.mzsh.bats.TapRecorder;
import dev.mzsh.bats.TestPathException;
import dev.mzsh.bats.TestSelection;
import dev.mzsh.bats.TestSource;
import dev.mzsh.bats.TestStaging;
import dev.mzsh.target.ExecResult;
import dev.mzsh.target.TargetGoneException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run-bats",
        description = {"Run BATS tests in the guest; results to bats/results.tap and bats/junit.xml.",
            "PATH is a test file (.bats or upstream's .bat) or a folder whose top-level .bats/.bat files run in name "
                + "order; host paths are copied into the run directory (bats/tests/<n>-<name>/, a folder whole, a "
                + "file with the *.bash helpers beside it) and run over the 9p share, so no initramfs rebuild is "
                + "needed. Without PATH: the repo's bats-tests/ as baked into the guest (/usr/share/mzsh/bats-tests).",
            "Runs the guest's BATS with bats-support, bats-assert and bats-file in /usr/lib/bats. Writes, in the run "
                + "directory, bats/results.tap (plain TAP, written as it arrives as results.tap.partial; a run cut "
                + "short ends with a 'Bail out!' line) and bats/junit.xml (one testsuite per file, for GitLab and "
                + "Jenkins); a second run in the same session uses bats-2/, and so on. Prints a table per file and "
                + "each failing test with its first diagnostic lines.",
            "Exit status: 0 all tests passed or skipped; 1 a test 'not ok', or the plan 1..N does not match the "
                + "tests reported, or bats failed or timed out; 2 a PATH is missing or holds no test files (nothing "
                + "is booted); 3 the guest panicked or died during the run (results.tap keeps what was seen)."})
public final class RunBatsCommand implements Callable<Integer> {
    /** Where the guest mounts the run directory. */
    static final String GUEST_SHARE = "/mnt/mzsh";
    /** Where the image builder puts the repo's bats-tests/. */
    static final String BAKED_TESTS = "/usr/share/mzsh/bats-tests";
    /**
     * A BATS formatter (given by absolute path, which BATS documents) that passes
     * BATS's extended stream through: plain TAP plus "suite FILE" and "begin N NAME"
     * lines, which tell which file each test belongs to and which test was running
     * when a run was cut short.
     */
    private static final String FORMATTER = "#!/bin/sh\n# mzsh: BATS's extended TAP stream, unchanged\nexec cat\n";

    @Option(names = "--timeout", paramLabel = "S", description = "kill bats after S seconds (default: no limit)")
    long timeoutSeconds;

    @Parameters(arity = "0..*", paramLabel = "PATH", description = "test files or folders (default: the baked-in bats-tests)")
    List<String> paths = new ArrayList<>();

    private final ShellContext ctx;

    public RunBatsCommand(ShellContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        if (timeoutSeconds < 0) {
            throw new UsageException("run-bats: --timeout must be 0 (no limit) or more seconds");
        }
        List<TestSource> sources;
        try {
            sources = TestSelection.expand(paths, Path.of("").toAbsolutePath());
        } catch (TestPathException e) {
            throw new UsageException("run-bats: " + e.getMessage());
        }
        Path dir = newResultsDir(ctx.session().run().path());
        String guestDir = GUEST_SHARE + "/" + dir.getFileName();
        List<String> args;
        UnaryOperator<String> names;
        if (sources.isEmpty()) {
            args = List.of(BAKED_TESTS);
            names = f -> f.startsWith(BAKED_TESTS + "/") ? "bats-tests/" + f.substring(BAKED_TESTS.length() + 1) : f;
        } else {
            StagedTests staged = TestStaging.stage(sources, dir.resolve("tests"), guestDir + "/tests");
            args = staged.guestFiles();
            names = staged::displayName;
        }
        Path formatter = dir.resolve(".extended-tap");
        Files.writeString(formatter, FORMATTER);
        Files.setPosixFilePermissions(formatter, PosixFilePermissions.fromString("rwxr-xr-x"));

        var target = ctx.session().guest().target();
        String command = "exec bats --formatter " + guestDir + "/.extended-tap "
                + String.join(" ", args.stream().map(RunBatsCommand::quote).toList());
        Path tap = dir.resolve("results.tap");
        Path junit = dir.resolve("junit.xml");
        PrintStream report = ctx.report();
        report.println("run-bats: " + String.join(" ", args) + " -> " + tap);
        TapRecorder recorder = new TapRecorder(new TapParser(names), tap, line -> progress(report, line));
        StderrTail stderr = new StderrTail(ctx.err());
        ExecResult r;
        try {
            r = target.exec(command, Duration.ofSeconds(timeoutSeconds), recorder, stderr);
        } catch (TargetGoneException e) {
            finish(dir, recorder, "the guest failed during the run: " + e.getMessage(), -1, stderr, junit);
            throw e;
        } catch (InterruptedException e) {
            finish(dir, recorder, "cancelled; bats was killed", -1, stderr, junit);
            throw e;
        } finally {
            recorder.close();
        }
        BatsRun run = r.timedOut()
                ? finish(dir, recorder, "timed out after " + timeoutSeconds + " s; bats was killed", -1, stderr, junit)
                : finish(dir, recorder, null, r.status(), stderr, junit);
        if (!run.passed()) {
            List<String> why = new ArrayList<>();
            int failed = run.results().failed().size();
            if (failed > 0) {
                why.add(failed + " of " + run.results().tests().size() + " tests failed");
            }
            why.addAll(run.problems());
            throw new CommandFailedException("run-bats: " + String.join("; ", why) + " (" + tap + ")");
        }
        return 0;
    }

    /** Writes the TAP file's final form and junit.xml, prints the summary, publishes the run. */
    private BatsRun finish(Path dir, TapRecorder recorder, String bailOut, int status, StderrTail stderr, Path junit)
            throws IOException {
        BatsResults results = recorder.finish(bailOut);
        List<String> problems = new ArrayList<>(results.problems());
        if (status > 0 && results.failed().isEmpty() && problems.isEmpty()) {
            String last = stderr.lastLine();
            problems.add("bats exited with status " + status + (last.isEmpty() ? "" : ": " + last));
        }
        JUnitReport.write(results, problems, junit);
        SummaryTable.print(results, problems, ctx.report());
        ctx.report().println("run-bats: wrote " + dir.resolve("results.tap") + " and " + junit);
        BatsRun run = new BatsRun(dir, dir.resolve("results.tap"), junit, results, problems, status);
        ctx.session().events().publish(run);
        return run;
    }

    private static void progress(PrintStream report, String line) {
        if (line.startsWith("ok ") || line.startsWith("not ok ") || line.startsWith("Bail out!")) {
            report.println("  " + line);
        }
    }

    /** RUN/bats, or RUN/bats-2, ... when earlier runs of this session hold the name: nothing is overwritten. */
    static Path newResultsDir(Path run) throws IOException {
        for (int n = 1; ; n++) {
            Path p = run.resolve(n == 1 ? "bats" : "bats-" + n);
            try {
                return Files.createDirectory(p);
            } catch (FileAlreadyExistsException e) {
                // an earlier run-bats of this session
            }
        }
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** Passes bats's stderr through and keeps its end, to name why bats failed when it printed no TAP. */
    private static final class StderrTail extends OutputStream {
        private final OutputStream out;
        private final StringBuilder tail = new StringBuilder();

        StderrTail(OutputStream out) {
            this.out = out;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            tail.append(new String(b, off, len, StandardCharsets.UTF_8));
            if (tail.length() > 4096) {
                tail.delete(0, tail.length() - 4096);
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        synchronized String lastLine() {
            List<String> lines = tail.toString().strip().lines().filter(l -> !l.isBlank()).toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
        }
    }
}
