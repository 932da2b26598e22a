package dev.mzsh.vm;

import java.io.IOException;

/**
 * Stops the guest's CPUs (QMP {@code stop}) once the console watch saw a fault, so that the
 * memory a crash dump takes is the memory of the moment of the fault: an oops or BUG leaves
 * the kernel running on, a panic without pvpanic spins. It waits until the console falls
 * quiet for {@link #QUIET_MILLIS} (the rest of the report reaches console.log), at most
 * {@link #MAX_WAIT_MILLIS}.
 */
public final class FaultStop {
    static final long QUIET_MILLIS = 300;
    static final long MAX_WAIT_MILLIS = 3000;

    private FaultStop() {}

    /** From now on, a fault seen on {@code console} stops the guest through {@code qmp}. */
    public static void arm(ConsoleMonitor console, QmpClient qmp) {
        console.onFault(fault -> {
            Thread t = new Thread(() -> stopWhenQuiet(console, qmp), "mzsh-fault-stop");
            t.setDaemon(true);
            t.start();
        });
    }

    private static void stopWhenQuiet(ConsoleMonitor console, QmpClient qmp) {
        long deadline = System.nanoTime() + MAX_WAIT_MILLIS * 1_000_000;
        try {
            while (System.nanoTime() < deadline
                    && System.nanoTime() - console.lastBytesNanos() < QUIET_MILLIS * 1_000_000) {
                Thread.sleep(50);
            }
            if ("running".equals(qmp.execute("query-status").path("status").asText())) {
                qmp.execute("stop");
            }
        } catch (IOException e) {
            // QEMU gone or its monitor closed: the crash handling reports what is left
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
