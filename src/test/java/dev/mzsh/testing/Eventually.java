package dev.mzsh.testing;

import java.time.Duration;
import java.util.function.Predicate;

/** Waits for a condition another thread brings about, failing with what was awaited and what was last seen. */
public final class Eventually {
    private static final long POLL_MILLIS = 20;

    /** A condition to poll; it may do I/O (a file, /proc) and throw. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    /** A value to poll; it may do I/O and throw. */
    @FunctionalInterface
    public interface Probe<T> {
        T get() throws Exception;
    }

    private Eventually() {}

    /** Polls {@code ok} until it holds or {@code limit} passes; then fails naming {@code what}. */
    public static void eventually(Duration limit, String what, Condition ok) throws InterruptedException {
        eventually(limit, what, ok::holds, Boolean::booleanValue);
    }

    /**
     * Polls {@code value} until {@code ok} accepts it or {@code limit} passes; returns
     * the accepted value, or fails naming {@code what} and showing the last value. A probe
     * that throws ends the wait at once with that failure (wrapped when checked).
     */
    public static <T> T eventually(Duration limit, String what, Probe<T> value, Predicate<T> ok)
            throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        T v = probe(value, what);
        while (!ok.test(v)) {
            if (System.nanoTime() > end) {
                throw new AssertionError(
                        "timed out after " + limit.toMillis() + " ms waiting for " + what + "; last seen:\n" + v);
            }
            Thread.sleep(POLL_MILLIS);
            v = probe(value, what);
        }
        return v;
    }

    private static <T> T probe(Probe<T> value, String what) throws InterruptedException {
        try {
            return value.get();
        } catch (InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("while waiting for " + what + ": " + e, e);
        }
    }
}
