package dev.mzsh.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits for a condition another thread brings about, failing with what was awaited and what was last seen. */
public final class Eventually {
    private static final long POLL_MILLIS = 20;

    private Eventually() {}

    /** Polls {@code ok} until it holds or {@code limit} passes; then fails naming {@code what}. */
    public static void eventually(Duration limit, String what, BooleanSupplier ok) throws InterruptedException {
        eventually(limit, what, () -> ok.getAsBoolean(), Boolean::booleanValue);
    }

    /**
     * Polls {@code value} until {@code ok} accepts it or {@code limit} passes; returns
     * the accepted value, or fails naming {@code what} and showing the last value.
     */
    public static <T> T eventually(Duration limit, String what, Supplier<T> value, Predicate<T> ok)
            throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        T v = value.get();
        while (!ok.test(v)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + limit.toMillis() + " ms waiting for " + what
                        + "; last seen:\n" + v);
            }
            Thread.sleep(POLL_MILLIS);
            v = value.get();
        }
        return v;
    }
}
