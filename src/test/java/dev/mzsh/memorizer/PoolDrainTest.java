package dev.mzsh.memorizer;

import static dev.mzsh.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class PoolDrainTest {
    /**
     * A pool that fills by {@code perRead} slots each time its level is read (a workload running
     * between reads); a drain frees every slot but {@code live}.
     */
    private static final class FillingPool implements PoolDrain.Pool {
        final long capacity;
        final long perRead;
        final long live;
        long used;
        long peak;
        int reads;
        int attempts;
        final List<Integer> drains = new CopyOnWriteArrayList<>();
        int failAt = -1;
        volatile boolean unreadable;

        synchronized int reads() {
            return reads;
        }

        synchronized int attempts() {
            return attempts;
        }

        FillingPool(long capacity, long perRead, long live) {
            this.capacity = capacity;
            this.perRead = perRead;
            this.live = live;
            this.used = live;
        }

        @Override
        public synchronized Optional<PoolLevel> level() {
            reads++;
            if (unreadable) {
                return Optional.empty();
            }
            used += perRead;
            peak = Math.max(peak, used);
            return Optional.of(new PoolLevel(used, capacity));
        }

        @Override
        public synchronized Path drain(int n) throws IOException {
            attempts++;
            if (n == failAt) {
                throw new IOException("copying kmap failed (no space left)");
            }
            drains.add(n);
            used = live;
            return Path.of("piece-" + n);
        }
    }

    @Test
    void drainsWheneverTheLevelIsReachedAndKeepsThePiecesInOrder() throws Exception {
        FillingPool pool = new FillingPool(1000, 100, 50);
        List<String> told = new CopyOnWriteArrayList<>();
        PoolDrain d =
                new PoolDrain(pool, 50, Duration.ofMillis(1), (n, at, piece) -> told.add(n + " " + at + " " + piece));
        d.start();
        eventually(Duration.ofSeconds(10), "three drains", () -> pool.drains.size() >= 3);
        PoolDrain.Outcome o = d.finish();
        assertThat(o.failure()).isEmpty();
        List<Path> expected = new ArrayList<>();
        for (int n = 1; n <= o.pieces().size(); n++) {
            expected.add(Path.of("piece-" + n));
        }
        assertThat(o.pieces()).isEqualTo(expected);
        // 50 live + 100 per read: the level passes 50 % at the 5th read (550 of 1000)
        assertThat(told.get(0)).isEqualTo("1 550 of 1000 (55 %) piece-1");
        assertThat(pool.peak).isLessThanOrEqualTo(550);
    }

    @Test
    void belowTheLevelNothingIsDrained() throws Exception {
        FillingPool pool = new FillingPool(1_000_000_000L, 1, 0);
        PoolDrain d = new PoolDrain(pool, 80, Duration.ofMillis(1), (n, at, piece) -> {});
        d.start();
        eventually(Duration.ofSeconds(10), "20 reads", () -> pool.reads() > 20);
        assertThat(d.finish().pieces()).isEmpty();
        assertThat(pool.drains).isEmpty();
    }

    @Test
    void anUnreadableLevelDrainsNothingAndFailsNothing() throws Exception {
        FillingPool pool = new FillingPool(100, 100, 0);
        pool.unreadable = true;
        PoolDrain d = new PoolDrain(pool, 10, Duration.ofMillis(1), (n, at, piece) -> {});
        d.start();
        eventually(Duration.ofSeconds(10), "20 reads", () -> pool.reads() > 20);
        PoolDrain.Outcome o = d.finish();
        assertThat(o.pieces()).isEmpty();
        assertThat(o.failure()).isEmpty();
    }

    @Test
    void aFailedDrainStopsTheWatchAndKeepsWhatWasDrainedBefore() throws Exception {
        FillingPool pool = new FillingPool(1000, 500, 0);
        pool.failAt = 3;
        PoolDrain d = new PoolDrain(pool, 50, Duration.ofMillis(1), (n, at, piece) -> {});
        d.start();
        // the watch ends by itself at the failed third drain
        eventually(Duration.ofSeconds(10), "the failed drain", () -> pool.attempts() == 3);
        int reads = pool.reads();
        PoolDrain.Outcome o = d.finish();
        assertThat(pool.reads()).as("no reading after the failure").isEqualTo(reads);
        assertThat(o.pieces()).containsExactly(Path.of("piece-1"), Path.of("piece-2"));
        assertThat(o.failure())
                .get()
                .extracting(Exception::getMessage)
                .isEqualTo("copying kmap failed (no space left)");
        assertThat(pool.drains).containsExactly(1, 2);
    }

    @Test
    void finishWithoutStartSaysNothingWasDrained() throws Exception {
        PoolDrain d = new PoolDrain(new FillingPool(10, 1, 0), 80, Duration.ofSeconds(1), (n, at, piece) -> {});
        assertThat(d.finish().pieces()).isEmpty();
    }
}
