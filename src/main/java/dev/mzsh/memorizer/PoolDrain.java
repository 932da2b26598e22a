package dev.mzsh.memorizer;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a long traced workload from filling Memorizer's pool, as upstream's memorizer.py does:
 * a background thread reads the pool's fill level every {@code every} and, whenever it is at or
 * above {@code percent}, drains the kmap into a new piece (the pool drops what was printed).
 * Pieces are kept in the order drained; the caller joins them with the final dump.
 *
 * <p>A failed drain stops the watch and is reported by {@link #finish()}: the pieces drained
 * before it are kept, but the kmap they make is incomplete.
 */
public final class PoolDrain {
    /** The pool being watched (the guest's Memorizer, or a fake). */
    public interface Pool {
        /** The fill level now, or empty when it cannot be read. */
        Optional<PoolLevel> level() throws IOException, InterruptedException;

        /** Saves what the kmap prints into piece number {@code n} (1, 2, ...), then clears what was printed. */
        Path drain(int n) throws IOException, InterruptedException;
    }

    /** Told of each drain, from the watch thread. */
    public interface Listener {
        void drained(int n, PoolLevel at, Path piece);
    }

    /**
     * What the watch did.
     *
     * @param failure why draining stopped early; the pieces are then incomplete
     */
    public record Outcome(List<Path> pieces, Optional<Exception> failure) {}

    private final Pool pool;
    private final double percent;
    private final Duration every;
    private final Listener listener;
    private final List<Path> pieces = new ArrayList<>();
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile Exception failure;
    private Thread thread;

    public PoolDrain(Pool pool, int percent, Duration every, Listener listener) {
        if (percent < 1 || percent > 99) {
            throw new IllegalArgumentException("drain level " + percent + " %: give 1..99");
        }
        this.pool = pool;
        this.percent = percent;
        this.every = every;
        this.listener = listener;
    }

    public void start() {
        thread = new Thread(this::watch, "mzsh-pool-drain");
        thread.setDaemon(true);
        thread.start();
    }

    private void watch() {
        try {
            while (!stop.await(every.toMillis(), TimeUnit.MILLISECONDS)) {
                Optional<PoolLevel> level = pool.level();
                if (level.isPresent() && level.get().percent() >= percent) {
                    Path piece = pool.drain(pieces.size() + 1);
                    synchronized (pieces) {
                        pieces.add(piece);
                    }
                    listener.drained(pieces.size(), level.get(), piece);
                }
            }
        } catch (InterruptedException e) {
            // finish() never interrupts, so this is the JVM going down: nothing more to do
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
    }

    /**
     * Stops watching, after a drain in progress completes (never cut short: its kmap was read,
     * so its piece must be kept), and says what was drained.
     */
    public Outcome finish() throws InterruptedException {
        stop.countDown();
        if (thread != null) {
            thread.join();
        }
        synchronized (pieces) {
            return new Outcome(List.copyOf(pieces), Optional.ofNullable(failure));
        }
    }
}
