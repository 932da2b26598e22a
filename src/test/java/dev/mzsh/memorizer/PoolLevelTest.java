package dev.mzsh.memorizer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PoolLevelTest {
    @Test
    void readsTheSimsCapacityAndSlotsHeld() {
        String stats = "simulation: yes (memorizer_sim module on a stock kernel, no KASAN instrumentation)\n"
                + "generation: newest\nmode: 1\ncapacity: 4096\npool_used: 3072\nobjects_live: 1000\n";
        PoolLevel l = PoolLevel.parse(stats).orElseThrow();
        assertThat(l.used()).isEqualTo(3072);
        assertThat(l.capacity()).isEqualTo(4096);
        assertThat(l.percent()).isEqualTo(75.0);
        assertThat(l).hasToString("3072 of 4096 (75 %)");
    }

    @Test
    void aKernelWhoseStatsStateNoLevelGivesNone() {
        // the real kernel's stats (mm/memorizer/stats.c): counters, no pool size
        String kernel = "------- Memory Accesses -------\n  Tracked:      12\n"
                + "  Live KOBJs:        120 * 96 B =      0 MB\n";
        assertThat(PoolLevel.parse(kernel)).isEmpty();
        assertThat(PoolLevel.parse("capacity: 4096\n")).isEmpty();
        assertThat(PoolLevel.parse("pool_used: 1\ncapacity: 0\n")).isEmpty();
        // guest text is data: a number that does not fit, or words, mean unknown
        assertThat(PoolLevel.parse("capacity: 99999999999999999999\npool_used: 1\n"))
                .isEmpty();
        assertThat(PoolLevel.parse("capacity: lots\npool_used: 1\n")).isEmpty();
    }

    @Test
    void moreHeldThanThereIsReadsFull() {
        assertThat(new PoolLevel(5000, 4096).percent()).isEqualTo(100.0);
    }
}
