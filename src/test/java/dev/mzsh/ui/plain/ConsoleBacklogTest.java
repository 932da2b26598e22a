package dev.mzsh.ui.plain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConsoleBacklogTest {
    @Test
    void aFloodKeepsTheNewestBatchAndCountsEveryDroppedLine() {
        ConsoleBacklog b = new ConsoleBacklog();
        for (int i = 0; i < 20_000; i++) {
            b.add("flood " + i);
        }
        String batch = b.nextBatch();
        assertThat(batch.lines())
                .hasSize(ConsoleBacklog.MAX_PER_BATCH + 1)
                .first()
                .isEqualTo("[" + (20_000 - ConsoleBacklog.MAX_PER_BATCH) + " console lines skipped]");
        assertThat(batch.lines()).last().isEqualTo("flood 19999");
        assertThat(batch.lines().skip(1)).first().isEqualTo("flood " + (20_000 - ConsoleBacklog.MAX_PER_BATCH));
        assertThat(b.nextBatch()).isNull();
    }

    @Test
    void aFewLinesAreOneBatchWithoutAMarker() {
        ConsoleBacklog b = new ConsoleBacklog();
        b.add("one");
        b.add("two");
        assertThat(b.nextBatch()).isEqualTo("one\ntwo");
    }
}
