package dev.mzsh.kmap;

/**
 * Non-zero int keys with {@code width - 1} int counters each, stored in the hash table's own cells
 * (open addressing, no slot array), as {@link OpenTable} does with longs: at half the size per
 * entry, a table of some 20,000 access pairs (16 bytes each) stays in a core's L2 cache, where
 * 32-byte entries did not. Entries move when the table grows, so nothing may keep an offset across
 * a lookup. It grows at three quarters full, not half as {@link OpenTable}: the bench kmap's
 * 19,850 pairs then fit 32,768 cells (512 KB) rather than 65,536 (1 MB).
 */
final class IntOpenTable {
    private final int width;
    /** Cell i: cells[i * width] is its key (0 = empty), then the counters. */
    int[] cells;

    private int mask;
    int size;

    IntOpenTable(int width) {
        this.width = width;
        this.cells = new int[1024 * width];
        this.mask = 1023;
    }

    /** The offset of {@code key}'s cell (its key), created with zero counters if new; valid until the next call. */
    int offset(int key) {
        int[] c = cells;
        int w = width;
        int h = mix(key) & mask;
        while (true) {
            int o = h * w;
            int k = c[o];
            if (k == key) {
                return o;
            }
            if (k == 0) {
                if ((size + 1) * 4 > (mask + 1) * 3) {
                    grow();
                    return offset(key);
                }
                c[o] = key;
                size++;
                return o;
            }
            h = (h + 1) & mask;
        }
    }

    /** The offset of {@code key}'s cell, or -1 if it has none. */
    int find(int key) {
        int[] c = cells;
        int h = mix(key) & mask;
        while (true) {
            int k = c[h * width];
            if (k == key) {
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

    private void grow() {
        int[] old = cells;
        int w = width;
        cells = new int[old.length * 2];
        mask = mask * 2 + 1;
        for (int o = 0; o < old.length; o += w) {
            if (old[o] != 0) {
                int h = mix(old[o]) & mask;
                while (cells[h * w] != 0) {
                    h = (h + 1) & mask;
                }
                System.arraycopy(old, o, cells, h * w, w);
            }
        }
    }

    private static int mix(int k) {
        int h = k * 0x9E3779B9;
        return h ^ h >>> 16;
    }
}
