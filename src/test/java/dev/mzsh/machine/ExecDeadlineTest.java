package dev.mzsh.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The timeout -> kill -> grace sequence both targets run, on a given clock. */
class ExecDeadlineTest {
    private static final long S = 1_000_000_000L;

    @Test
    void beforeTheTimeoutNothingIsKilled() throws Exception {
        AtomicInteger kills = new AtomicInteger();
        long t0 = System.nanoTime();
        ExecDeadline d = new ExecDeadline(Duration.ofSeconds(5), kills::incrementAndGet, "the guest");
        d.check(t0 + 4 * S);
        assertThat(kills).hasValue(0);
        assertThat(d.timedOut()).isFalse();
    }

    @Test
    void atTheTimeoutTheCommandIsKilledOnceThenGetsTheGrace() throws Exception {
        AtomicInteger kills = new AtomicInteger();
        long t0 = System.nanoTime();
        ExecDeadline d = new ExecDeadline(Duration.ofSeconds(5), kills::incrementAndGet, "the guest");
        d.check(t0 + 6 * S);
        assertThat(kills).hasValue(1);
        assertThat(d.timedOut()).isTrue();
        d.check(t0 + 6 * S + ExecDeadline.KILL_GRACE.toNanos() - S);
        assertThat(kills).as("killed once, not on every poll").hasValue(1);
    }

    @Test
    void aCommandStillRunningAfterTheGraceMeansTheTargetIsGone() throws Exception {
        long t0 = System.nanoTime();
        ExecDeadline d = new ExecDeadline(Duration.ofSeconds(5), () -> {}, "ssh://me@box");
        d.check(t0 + 6 * S);
        assertThatThrownBy(() -> d.check(t0 + 6 * S + ExecDeadline.KILL_GRACE.toNanos() + S))
                .isInstanceOf(TargetGoneException.class)
                .hasMessage("ssh://me@box did not end a timed-out command within 10 s");
    }

    @Test
    void aZeroTimeoutIsNoLimit() throws Exception {
        AtomicInteger kills = new AtomicInteger();
        ExecDeadline d = new ExecDeadline(Duration.ZERO, kills::incrementAndGet, "the guest");
        d.check(System.nanoTime() + 365L * 24 * 3600 * S);
        assertThat(kills).hasValue(0);
        assertThat(d.timedOut()).isFalse();
    }
}
