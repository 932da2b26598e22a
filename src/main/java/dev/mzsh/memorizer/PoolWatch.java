package dev.mzsh.memorizer;

import java.io.IOException;

/**
 * Notices Memorizer's object pool running out. When it is full the kernel sets mode 0 by
 * itself and logs "ran out of internal heap" (memorizer-sim does the same); tracing then
 * stopped early and the kmap is incomplete. The log is read through the agent channel (the
 * guest's dmesg), never from the serial console, and counted: a count that grew during a run
 * means the pool ran out in it.
 */
public final class PoolWatch {
    /** The kernel's words (mm/memorizer; memorizer-sim prints them too). */
    public static final String LOG_LINE = "ran out of internal heap";

    private final Memorizer m;

    public PoolWatch(Memorizer m) {
        this.m = m;
    }

    /** How many times the kernel log says the pool ran out since boot (as far as the log buffer reaches). */
    public long outages() throws IOException, InterruptedException {
        String out =
                m.run("dmesg 2>/dev/null | grep -c '" + LOG_LINE + "' || true").strip();
        // guest data: digits only, bounded, anything else counts as unknown (0)
        if (!out.matches("\\d{1,9}")) {
            return 0;
        }
        return Long.parseLong(out);
    }
}
