package dev.mzsh.machine;

import java.time.Duration;

/**
 * One exec's time limit, the same on every target: once the timeout passes the command is
 * killed (once), and if it has still not ended {@link #KILL_GRACE} later, the target counts
 * as gone: a kill that cannot land means the machine no longer serves commands.
 */
final class ExecDeadline {
    /** How long a killed command may take to end, and how long the kill itself may take. */
    static final Duration KILL_GRACE = Duration.ofSeconds(10);

    private final long deadline;
    private final Runnable kill;
    private final String notEnded;
    private boolean timedOut;
    private long killDeadline = Long.MAX_VALUE;

    /**
     * @param timeout  zero for no limit
     * @param kill     ends the command; never throws (the next poll tells whether it ended)
     * @param notEnded what failed to end the command, e.g. "the guest", for the failure's message
     */
    ExecDeadline(Duration timeout, Runnable kill, String notEnded) {
        this.deadline = timeout.isZero() ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        this.kill = kill;
        this.notEnded = notEnded;
    }

    /** Called on each poll while the command runs: kills it at the timeout, gives up after the grace. */
    void check() throws TargetGoneException {
        check(System.nanoTime());
    }

    void check(long now) throws TargetGoneException {
        if (!timedOut && now > deadline) {
            timedOut = true;
            killDeadline = now + KILL_GRACE.toNanos();
            kill.run();
        } else if (timedOut && now > killDeadline) {
            throw new TargetGoneException(
                    notEnded + " did not end a timed-out command within " + KILL_GRACE.toSeconds() + " s");
        }
    }

    /** Whether the timeout passed (and the command was killed). */
    boolean timedOut() {
        return timedOut;
    }
}
