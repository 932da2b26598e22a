package dev.mzsh.vm;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Ends a child process: SIGTERM, then SIGKILL when it outlives the grace period. */
final class Termination {
    private Termination() {}

    static void terminate(Process process, Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
