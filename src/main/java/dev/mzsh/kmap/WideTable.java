package dev.mzsh.kmap;

import java.util.Arrays;

/**
 * Long keys with {@code width - 1} long counters each, stored side by side in one array, for
 * tables too big for the cache (an access map's pairs and object classes: hundreds of
 * thousands of keys). A lookup then touches two cache lines (slot, entry) instead of one per
 * column, as {@link LongKeyTable}'s separate arrays do; measured on a 256 MB kmap with ~550,000
 * pairs, the separate columns made the access map several times slower than the summary.
 * Entries are dense (0..size-1) and keep their index, so an index can stand for its key.
 */
final class WideTable {
    private final int width;
    private int[] slots = new int[1024]; // 0 = empty, else entry index + 1
    private int mask = slots.length - 1;
    /** Entry e: data[e * width] is its key, data[e * width + 1 ..] its counters. */
    long[] data;

    int size;

    WideTable(int width) {
        this.width = width;
        this.data = new long[512 * width];
    }

    /** The offset in {@link #data} of {@code key}'s entry (its key), created with zero counters if new. */
    int offset(long key) {
        int h = mix(key) & mask;
        int s;
        long[] d = data;
        while ((s = slots[h]) != 0) {
            int o = (s - 1) * width;
            if (d[o] == key) {
                return o;
            }
            h = (h + 1) & mask;
        }
        int e = size++;
        if ((e + 1) * width > data.length) {
            data = d = Arrays.copyOf(d, d.length * 2);
        }
        d[e * width] = key;
        slots[h] = e + 1;
        if (size * 2 > slots.length) {
            rehash();
        }
        return e * width;
    }

    int width() {
        return width;
    }

    long key(int entry) {
        return data[entry * width];
    }

    /** Counter {@code column} (1..width-1) of an entry. */
    long get(int entry, int column) {
        return data[entry * width + column];
    }

    private void rehash() {
        slots = new int[slots.length * 2];
        mask = slots.length - 1;
        for (int e = 0; e < size; e++) {
            int h = mix(data[e * width]) & mask;
            while (slots[h] != 0) {
                h = (h + 1) & mask;
            }
            slots[h] = e + 1;
        }
    }

    private static int mix(long k) {
        long h = k * 0x9E3779B97F4A7C15L;
        return (int) (h ^ h >>> 32);
    }
}
