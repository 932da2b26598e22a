package dev.mzsh.kmap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartQueueTest {
    private static KmapReader.Outcome outcome(boolean stopped) {
        return new KmapReader.Outcome(10, stopped ? 1 : 0, 0, null, stopped);
    }

    @Test
    void handsOutEveryPartOnceInOrderCoveringTheFile() {
        PartQueue q = new PartQueue(40, 1L << 30);
        long end = 0;
        for (int expected = 0; expected < 40; expected++) {
            int part = q.next();
            assertThat(part).isEqualTo(expected);
            assertThat(q.from(part)).isEqualTo(end);
            end = q.to(part);
            q.finished(part, outcome(false));
        }
        assertThat(end).isEqualTo(1L << 30);
        assertThat(q.next()).isEqualTo(-1);
        assertThat(q.outcomes()).doesNotContainNull();
    }

    @Test
    void afterAPartStopsNoLaterPartStartsAndLaterOnesAreCancelled() {
        PartQueue q = new PartQueue(8, 1L << 30);
        int a = q.next();
        int b = q.next();
        int c = q.next();
        q.finished(b, outcome(true));
        assertThat(q.cancelled(a)).isFalse();
        assertThat(q.cancelled(c)).isTrue();
        assertThat(q.next()).isEqualTo(-1);
        q.finished(a, outcome(false));
        assertThat(q.outcomes()[a]).isNotNull();
        assertThat(q.outcomes()[3]).isNull();
    }

    @Test
    void abandonCancelsEveryPart() {
        PartQueue q = new PartQueue(4, 100);
        int a = q.next();
        q.abandon();
        assertThat(q.cancelled(a)).isTrue();
        assertThat(q.next()).isEqualTo(-1);
    }
}
