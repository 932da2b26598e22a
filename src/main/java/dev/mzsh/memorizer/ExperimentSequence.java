package dev.mzsh.memorizer;

import java.io.IOException;

/**
 * The canonical Memorizer experiment as guest shell steps (docs/memorizer-abi.md, "The canonical manual experiment"):
 * clear dead, drain kmap, clear printed, live and access switches, enable, run
 * the command from the shell that wrote the mode, disable.
 */
public final class ExperimentSequence {
    private final Memorizer m;

    public ExperimentSequence(Memorizer m) {
        this.m = m;
    }

    /** Marks an experiment of {@code command} as begun (preparing), for a crash report to say how far it got. */
    public void begin(Mode mode, String command) {
        m.experiment(new ExperimentUnderWay(command, mode, ExperimentUnderWay.Stage.PREPARING));
    }

    /** Marks the step the begun experiment has reached. */
    public void reached(ExperimentUnderWay.Stage stage) {
        m.experiment().ifPresent(e -> m.experiment(e.at(stage)));
    }

    /**
     * Marks the experiment as over while the guest lives (its kmap saved, or a failure that is not a
     * crash); after a crash the mark stays, for the crash report.
     */
    public void end() {
        m.experiment(null);
    }

    /** Everything before enabling; opening kmap drains what earlier tracing left and switches tracing off. */
    public void prepare(boolean live, boolean access) throws IOException, InterruptedException {
        MemorizerAbi abi = m.abi();
        m.arm(null);
        m.runReadingKmap("set -e\n"
                + "echo -n 1 > " + abi.path(Control.CLEAR_DEAD) + "\n"
                + "cat " + abi.path(Control.KMAP) + " > /dev/null\n"
                + "echo -n 1 > " + abi.path(Control.CLEAR_PRINTED) + "\n"
                + "echo -n " + (live ? 1 : 0) + " > " + abi.path(Control.LOG_LIVE) + "\n"
                + "echo -n " + (access ? 1 : 0) + " > " + abi.path(Control.LOG_ACCESS) + "\n");
    }

    /**
     * The script that enables {@code mode}, runs {@code command} in a subshell of
     * the writer (so modes 2 and 3 mark it), disables, and exits with the
     * command's status (125 when the kernel refused the mode).
     */
    public String tracedScript(Mode mode, String command) {
        return m.enableLine(mode)
                + "(\n" + command + "\n)\nrc=$?\n"
                // the mode as the command left it: 0 (N on 4.x) means tracing stopped by itself (a full pool)
                + "read -r left rest < " + m.abi().path(Control.ENABLED) + "; echo \"$left\" > " + MODE_AT_END + "\n"
                + "echo -n 0 > " + m.abi().path(Control.ENABLED) + "\nexit $rc\n";
    }

    /** Where the traced script leaves the mode it found after the command (guest /tmp, read back as data). */
    static final String MODE_AT_END = "/tmp/.mzsh-mode-at-end";

    /**
     * Whether tracing had stopped by itself when the traced command ended: the kernel sets mode
     * 0 when its pool runs out. False when unknown (the file is missing or not a mode).
     */
    public boolean stoppedByItself() throws IOException, InterruptedException {
        String left = m.run("cat " + MODE_AT_END + " 2>/dev/null; rm -f " + MODE_AT_END + "; true")
                .strip();
        return left.equals("0") || left.equals("N");
    }

    /** Tracing and access logging off; safe to call after a cancelled command. */
    public void switchOff() throws IOException, InterruptedException {
        boolean interrupted = Thread.interrupted();
        try {
            m.run("echo -n 0 > " + m.abi().path(Control.ENABLED) + "\n" + "echo -n 0 > "
                    + m.abi().path(Control.LOG_ACCESS) + "\n");
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
