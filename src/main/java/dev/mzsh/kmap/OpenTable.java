package dev.mzsh.kmap;

/**
 * Non-negative long keys with {@code width - 1} long counters each, stored in the hash table's
 * own cells (open addressing, no slot array): a lookup touches one cache line. For an access
 * map's pairs, looked up once per access line; with a slot array in front ({@link WideTable})
 * that cost a second cache miss per line. Entries move when the table grows, so nothing may
 * keep an offset across a lookup.
 */
final class OpenTable {
    private final int width;
    /** Cell i: cells[i * width] is its key + 1 (0 = empty), then the counters. */
    long[] cells;

    private int mask;
    int size;

    OpenTable(int width) {
        this.width = width;
        this.cells = new long[1024 * width];
        this.mask = 1023;
    }

    /** The offset of {@code key}'s cell (its key), created with zero counters if new; valid until the next call. */
    int offset(long key) {
        long k1 = key + 1;
        long[] c = cells;
        int w = width;
        int h = mix(key) & mask;
        while (true) {
            int o = h * w;
            long k = c[o];
            if (k == k1) {
                return o;
            }
            if (k == 0) {
                if ((size + 1) * 2 > mask + 1) {
                    grow();
                    return offset(key);
                }
                c[o] = k1;
                size++;
                return o;
            }
            h = (h + 1) & mask;
        }
    }

    /** The offset of {@code key}'s cell, or -1 if it has none. */
    int find(long key) {
        long k1 = key + 1;
        long[] c = cells;
        int h = mix(key) & mask;
        while (true) {
            long k = c[h * width];
            if (k == k1) {
                return h * width;
            }
            if (k == 0) {
                return -1;
            }
            h = (h + 1) & mask;
        }
    }

    /** The offsets of every cell in use. */
    int[] used() {
        int[] out = new int[size];
        int n = 0;
        for (int o = 0; o < cells.length; o += width) {
            if (cells[o] != 0) {
                out[n++] = o;
            }
        }
        return out;
    }

    /** The key at a cell offset. */
    long key(int offset) {
        return cells[offset] - 1;
    }

    private void grow() {
        long[] old = cells;
        int w = width;
        cells = new long[old.length * 2];
        mask = mask * 2 + 1;
        for (int o = 0; o < old.length; o += w) {
            if (old[o] != 0) {
                int h = mix(old[o] - 1) & mask;
                while (cells[h * w] != 0) {
                    h = (h + 1) & mask;
                }
                System.arraycopy(old, o, cells, h * w, w);
            }
        }
    }

    private static int mix(long k) {
        long h = k * 0x9E3779B97F4A7C15L;
        return (int) (h ^ h >>> 32);
    }
}
