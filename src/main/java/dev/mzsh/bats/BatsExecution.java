package dev.mzsh.bats;

import dev.mzsh.machine.ExecResult;
import dev.mzsh.machine.GuestDirectory;
import dev.mzsh.machine.GuestScript;
import dev.mzsh.machine.Target;
import dev.mzsh.machine.TargetGoneException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * One bats run on a target, from the command line to the finished files: streams
 * the TAP into {@code DIR/results.tap}, then writes {@code DIR/junit.xml}. However the
 * run ends (normally, timed out, the guest gone, cancelled) both files are finished
 * and {@code onFinished} sees the results before any exception goes on.
 */
public final class BatsExecution {
    /**
     * A BATS formatter (given by absolute path, which BATS documents) that passes
     * BATS's extended stream through: plain TAP plus "suite FILE" and "begin N NAME"
     * lines, which tell which file each test belongs to and which test was running
     * when a run was cut short.
     */
    static final String FORMATTER = "#!/bin/sh\n# mzsh: BATS's extended TAP stream, unchanged\nexec cat\n";

    static final String FORMATTER_NAME = ".extended-tap";

    private final Path dir;
    private final GuestDirectory guestDir;
    private final UnaryOperator<String> fileNames;
    private final Consumer<String> onTapLine;
    private final OutputStream stderr;

    /**
     * @param dir       the results directory on the host (exists; the target never sees it)
     * @param guestDir  a directory on the target for the formatter
     * @param fileNames maps file names BATS prints to report names
     * @param onTapLine each TAP line as it arrives (progress)
     * @param stderr    where bats's stderr goes
     */
    private String bats = "bats";

    public BatsExecution(
            Path dir,
            GuestDirectory guestDir,
            UnaryOperator<String> fileNames,
            Consumer<String> onTapLine,
            OutputStream stderr) {
        this.dir = dir;
        this.guestDir = guestDir;
        this.fileNames = fileNames;
        this.onTapLine = onTapLine;
        this.stderr = stderr;
    }

    public Path tap() {
        return dir.resolve("results.tap");
    }

    public Path junit() {
        return dir.resolve("junit.xml");
    }

    /** The guest command: bats with the pass-through formatter over {@code testArgs}. */
    String command(List<String> testArgs) {
        return new GuestScript()
                .line(
                        "exec %s --formatter %s " + GuestScript.words(testArgs).replace("%", "%%"),
                        bats,
                        guestDir.path() + "/" + FORMATTER_NAME)
                .text();
    }

    /** Runs {@code launcher} instead of the machine's own bats (mzsh's uploaded copy). */
    public BatsExecution using(String launcher) {
        this.bats = launcher;
        return this;
    }

    public BatsRun run(Target target, List<String> testArgs, Duration timeout, Consumer<BatsRun> onFinished)
            throws IOException, InterruptedException {
        guestDir.write(FORMATTER_NAME, FORMATTER.getBytes(StandardCharsets.US_ASCII), true);
        TapRecorder recorder = new TapRecorder(new TapParser(fileNames), tap(), onTapLine);
        StderrTail err = new StderrTail(stderr);
        ExecResult r;
        try {
            r = target.exec(command(testArgs), timeout, recorder, err);
        } catch (TargetGoneException e) {
            throw finishEarly(e, recorder, "the guest failed during the run: " + e.getMessage(), err, onFinished);
        } catch (InterruptedException e) {
            throw finishEarly(e, recorder, "cancelled; bats was killed", err, onFinished);
        } catch (IOException e) {
            throw finishEarly(e, recorder, "bats could not run: " + e.getMessage(), err, onFinished);
        } catch (RuntimeException e) {
            throw finishEarly(e, recorder, "bats could not run: " + e, err, onFinished);
        }
        BatsRun run = r.timedOut()
                ? finish(recorder, "timed out after " + timeout.toSeconds() + " s; bats was killed", -1, err)
                : finish(recorder, null, r.status(), err);
        onFinished.accept(run);
        return run;
    }

    private <E extends Exception> E finishEarly(
            E e, TapRecorder recorder, String why, StderrTail err, Consumer<BatsRun> onFinished) {
        try {
            onFinished.accept(finish(recorder, why, -1, err));
        } catch (IOException | RuntimeException x) {
            e.addSuppressed(x);
        }
        return e;
    }

    private BatsRun finish(TapRecorder recorder, String bailOut, int status, StderrTail err) throws IOException {
        BatsResults results = recorder.finish(bailOut);
        List<String> problems = new ArrayList<>(results.problems());
        // bats failing without a failed test (a missing file, bats itself broken): say what it printed
        if (status > 0 && results.failed().isEmpty()) {
            String last = err.lastLine();
            problems.add("bats exited with status " + status + (last.isEmpty() ? "" : ": " + last));
        }
        JUnitReport.write(results, problems, junit());
        return new BatsRun(dir, tap(), junit(), results, problems, status);
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
            List<String> lines =
                    tail.toString().lines().filter(l -> !l.isBlank()).toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
        }
    }
}
