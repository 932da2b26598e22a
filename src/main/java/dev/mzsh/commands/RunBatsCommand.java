package dev.mzsh.commands;

import dev.mzsh.bats.BatsCopy;
import dev.mzsh.bats.BatsExecution;
import dev.mzsh.bats.BatsRun;
import dev.mzsh.bats.StagedTests;
import dev.mzsh.bats.SummaryTable;
import dev.mzsh.bats.TestPathException;
import dev.mzsh.bats.TestSelection;
import dev.mzsh.bats.TestSource;
import dev.mzsh.bats.TestStaging;
import dev.mzsh.machine.GuestDirectory;
import dev.mzsh.machine.Target;
import dev.mzsh.session.GuestImage;
import dev.mzsh.session.HostTools;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.commons.io.FileUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "run-bats",
        header = "Run BATS tests in the guest; results to bats/results.tap and bats/junit.xml.",
        description = {
            "PATH is a test file (*.bats, or *.bat as upstream names them) or a folder whose top-level *.bats and "
                    + "*.bat files run in name order; host paths are copied into the guest's share (guest/bats/tests/<n>-<name>/, a folder whole, a "
                    + "file with the *.bash helpers beside it) and run over the 9p share, so no initramfs rebuild is "
                    + "needed. Without PATH: the repo's bats-tests/ as baked into the guest ("
                    + GuestImage.BAKED_BATS_TESTS + ").",
            "Runs the guest's BATS with bats-support, bats-assert and bats-file in /usr/lib/bats. Writes, in the run "
                    + "directory, bats/results.tap (plain TAP, written as it arrives as results.tap.partial; a run cut "
                    + "short ends with a 'Bail out!' line) and bats/junit.xml (one testsuite per file, for GitLab and "
                    + "Jenkins); a second run in the same session uses bats-2/, and so on. Prints a table per file and "
                    + "each failing test with its first diagnostic lines.",
            "Exit status: 0 all tests passed or skipped; 1 a test 'not ok', or the plan 1..N does not match the "
                    + "tests reported, or bats failed or timed out; 2 a PATH is missing or holds no test files (nothing "
                    + "is booted); 3 the guest panicked or died during the run (results.tap keeps what was seen)."
        })
public final class RunBatsCommand extends Verb {
    /** Where the image builder puts the repo's bats-tests/. */
    static final String BAKED_TESTS = GuestImage.BAKED_BATS_TESTS;

    @Option(names = "--timeout", paramLabel = "S", description = "kill bats after S seconds (default: no limit)")
    long timeoutSeconds;

    @Parameters(
            arity = "0..*",
            paramLabel = "PATH",
            description = "test files or folders (default: the baked-in bats-tests)")
    List<String> paths = new ArrayList<>();

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
        Target target = ctx.session().target();
        // mzsh's own guest has bats baked in; another machine may not: then mzsh's copy goes along.
        boolean ownBats = target.share().isEmpty() && !has(target, "bats");
        if (ownBats && !has(target, "bash")) {
            throw new CommandFailedException(
                    "run-bats: " + target.describe() + " has neither bats nor bash on its PATH;"
                            + " install them there (Debian: apt-get install bats bats-support bats-assert bats-file)");
        }
        Path dir = newResultsDir(ctx.session().run().path());
        // Results stay with the host; the tests and the formatter go to a fresh directory on the target.
        BatsRun run;
        try (GuestDirectory guestDir = target.newDirectory("bats")) {
            List<String> args;
            UnaryOperator<String> names;
            if (sources.isEmpty()) {
                args = List.of(BAKED_TESTS);
                names = f ->
                        f.startsWith(BAKED_TESTS + "/") ? "bats-tests/" + f.substring(BAKED_TESTS.length() + 1) : f;
            } else {
                Path staging = Files.createTempDirectory(dir, ".tests");
                try {
                    StagedTests staged = TestStaging.stage(sources, staging, guestDir.path() + "/tests");
                    guestDir.upload(staging, "tests");
                    args = staged.guestFiles();
                    names = staged::displayName;
                } finally {
                    FileUtils.deleteDirectory(staging.toFile());
                }
            }
            PrintStream report = ctx.report();
            BatsExecution bats = new BatsExecution(dir, guestDir, names, line -> progress(report, line), ctx.err());
            if (ownBats) {
                bats.using(uploadOwnBats(dir, guestDir));
                report.println("run-bats: " + target.describe() + " has no bats; uploaded the host's bats-core");
            }
            report.println("run-bats: "
                    + (sources.isEmpty()
                            ? "bats-tests/ (baked into the guest)"
                            : String.join(
                                    " ",
                                    sources.stream().map(TestSource::display).toList()))
                    + " -> " + bats.tap());
            run = bats.run(target, args, Duration.ofSeconds(timeoutSeconds), this::finished);
        }
        if (!run.passed()) {
            List<String> why = new ArrayList<>();
            int failed = run.results().failed().size();
            if (failed > 0) {
                why.add(failed + " of " + run.results().tests().size() + " tests failed");
            }
            why.addAll(run.problems());
            throw new CommandFailedException("run-bats: " + String.join("; ", why) + " (" + run.tap() + ")");
        }
        return 0;
    }

    private static boolean has(Target target, String tool) throws IOException, InterruptedException {
        return target.exec(
                                "command -v " + tool,
                                Duration.ofMinutes(1),
                                OutputStream.nullOutputStream(),
                                OutputStream.nullOutputStream())
                        .status()
                == 0;
    }

    /** The host's bats-core into the run's fresh directory on the target; returns the launcher there. */
    private static String uploadOwnBats(Path resultsDir, GuestDirectory guestDir)
            throws IOException, InterruptedException {
        Path bats = HostTools.bats();
        Path staging = Files.createTempDirectory(resultsDir, ".bats-core");
        try {
            guestDir.upload(BatsCopy.stage(bats, staging), "bats-core");
        } finally {
            FileUtils.deleteDirectory(staging.toFile());
        }
        return guestDir.path() + "/bats-core/" + BatsCopy.LAUNCHER;
    }

    /** However the run ended: the results to front ends that draw them, else the summary as text. */
    private void finished(BatsRun run) {
        if (!ctx.session().events().publish(run)) {
            SummaryTable.print(run.results(), run.problems(), ctx.report());
        }
        ctx.report().println("run-bats: wrote " + run.tap() + " and " + run.junit());
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
}
