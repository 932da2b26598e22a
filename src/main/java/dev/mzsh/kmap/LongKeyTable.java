package dev.mzsh.kmap;

import java.util.Arrays;

/**
 * Three long counters per long key (an address), in an open-addressing table without
 * boxing. Entries are dense (0..size-1) so that merging and sorting walk plain arrays.
 * Sized by the number of distinct keys, which the kernel's code bounds, not by the file.
 */
final class LongKeyTable {
    private int[] slots = new int[1024]; // 0 = empty, else entry index + 1
    private int mask = slots.length - 1;
    long[] keys = new long[512];
    long[] a = new long[512];
    long[] b = new long[512];
    long[] c = new long[512];
    int size;

    void add(long key, long da, long db, long dc) {
        int e = entry(key);
        a[e] += da;
        b[e] += db;
        c[e] += dc;
    }

    /** The entry index of {@code key}, created with zero counters if new. */
    int entry(long key) {
        int h = mix(key) & mask;
        int s;
        while ((s = slots[h]) != 0) {
            if (keys[s - 1] == key) {
                return s - 1;
            }
            h = (h + 1) & mask;
        }
        int e = size++;
        if (e == keys.length) {
            keys = Arrays.copyOf(keys, e * 2);
            a = Arrays.copyOf(a, e * 2);
            b = Arrays.copyOf(b, e * 2);
            c = Arrays.copyOf(c, e * 2);
        }
        keys[e] = key;
        slots[h] = e + 1;
        if (size * 2 > slots.length) {
            rehash();
        }
        return e;
    }

    void addAll(LongKeyTable other) {
        for (int i = 0; i < other.size; i++) {
            add(other.keys[i], other.a[i], other.b[i], other.c[i]);
        }
    }

    private void rehash() {
        slots = new int[slots.length * 2];
        mask = slots.length - 1;
        for (int e = 0; e < size; e++) {
            int h = mix(keys[e]) & mask;
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
