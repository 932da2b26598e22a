package dev.mzsh.session;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;

/** With MZSH_TIMING set, prints how long each boot phase took (for finding where a slow boot goes). */
final class BootTimeline {
    private final PrintStream out;
    private long last = System.nanoTime();

    /** @param out where to print, or null to stay silent */
    BootTimeline(PrintStream out) {
        this.out = out;
        if (out != null) {
            out.printf(
                    "mzsh: timing: %-40s %6d ms%n",
                    "jvm start to boot", ManagementFactory.getRuntimeMXBean().getUptime());
        }
    }

    void mark(String phase) {
        long now = System.nanoTime();
        if (out != null) {
            out.printf("mzsh: timing: %-40s %6d ms%n", phase, (now - last) / 1_000_000);
        }
        last = now;
    }
}
