package dev.mzsh.kmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TopEntriesTest {
    /** The order the summary promises, by a full sort: larger value first, then smaller unsigned key. */
    private static int[] sorted(int size, long[] values, long[] keys, int top) {
        return IntStream.range(0, size)
                .boxed()
                .sorted(Comparator.<Integer>comparingLong(i -> values[i])
                        .reversed()
                        .thenComparing((x, y) -> Long.compareUnsigned(keys[x], keys[y])))
                .limit(top)
                .mapToInt(Integer::intValue)
                .toArray();
    }

    @Test
    void picksTheSameEntriesInTheSameOrderAsAFullSort() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int round = 0; round < 500; round++) {
            int size = rnd.nextInt(0, 300);
            long[] values = new long[size + 5]; // tables are bigger than their size
            long[] keys = new long[size + 5];
            Set<Long> seen = new HashSet<>();
            for (int i = 0; i < values.length; i++) {
                values[i] = rnd.nextInt(0, 12); // many ties
                do { // keys of a table are distinct; negative ones are high unsigned addresses
                    keys[i] = rnd.nextBoolean() ? rnd.nextLong() : rnd.nextInt(0, 1000);
                } while (!seen.add(keys[i]));
            }
            int top = rnd.nextInt(0, size + 3);
            assertThat(TopEntries.of(size, values, keys, top))
                    .as("round %d", round)
                    .containsExactly(sorted(size, values, keys, top));
        }
    }

    @Test
    void aKeyAboveTwoToTheSixtyThreeSortsAfterSmallerKeysOnATie() {
        long[] values = {5, 5, 5, 9};
        long[] keys = {0xffffffff81000000L, 0x14, 0xfeedbeefL, 0xffffffff81000010L};
        assertThat(TopEntries.of(4, values, keys, 10)).containsExactly(3, 1, 2, 0);
        assertThat(TopEntries.of(4, values, keys, 2)).containsExactly(3, 1);
        assertThat(TopEntries.of(4, values, keys, Integer.MAX_VALUE)).hasSize(4);
    }
}
