package dev.mzsh.kmap;

/**
 * The {@code top} entries of a table with the largest values, ties broken by the smaller
 * unsigned key (so the order never depends on how threads split the file). A bounded heap
 * over plain indices: O(n log top) without boxing, where sorting every entry as an Integer
 * list cost a kmap with many access sites tens of milliseconds.
 */
final class TopEntries {
    private final long[] values;
    private final long[] keys;

    private TopEntries(long[] values, long[] keys) {
        this.values = values;
        this.keys = keys;
    }

    /** Indices of entries 0..size-1, best first. */
    static int[] of(int size, long[] values, long[] keys, int top) {
        return new TopEntries(values, keys).select(size, Math.min(top, size));
    }

    private int[] select(int size, int k) {
        // a heap whose root is the worst entry kept
        int[] heap = new int[k];
        int n = 0;
        for (int e = 0; e < size; e++) {
            if (n < k) {
                heap[n] = e;
                up(heap, n++);
            } else if (k > 0 && better(e, heap[0])) {
                heap[0] = e;
                down(heap, 0, n);
            }
        }
        int[] out = new int[n];
        for (int i = n - 1; i >= 0; i--) {
            out[i] = heap[0];
            heap[0] = heap[i];
            down(heap, 0, i);
        }
        return out;
    }

    private boolean better(int x, int y) {
        return values[x] != values[y] ? values[x] > values[y] : Long.compareUnsigned(keys[x], keys[y]) < 0;
    }

    private void up(int[] heap, int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!better(heap[parent], heap[i])) {
                return;
            }
            swap(heap, parent, i);
            i = parent;
        }
    }

    private void down(int[] heap, int i, int n) {
        while (true) {
            int worst = i;
            int l = 2 * i + 1;
            int r = l + 1;
            if (l < n && better(heap[worst], heap[l])) {
                worst = l;
            }
            if (r < n && better(heap[worst], heap[r])) {
                worst = r;
            }
            if (worst == i) {
                return;
            }
            swap(heap, i, worst);
            i = worst;
        }
    }

    private static void swap(int[] a, int i, int j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
