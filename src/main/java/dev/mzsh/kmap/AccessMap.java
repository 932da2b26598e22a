package dev.mzsh.kmap;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Who accessed what: every (accessing function, object class) pair of a kmap's access lines,
 * largest first (reads + writes, ties by names), with the kmap's totals.
 *
 * @param file                the kmap file as given
 * @param format              the format of its object lines
 * @param objects             object lines
 * @param accessLines         access lines
 * @param reads               sum of read_count
 * @param writes              sum of write_count
 * @param accessors           distinct accessing functions
 * @param classes             distinct object classes (allocation function, slab cache, type), accessed or not
 * @param hashedPointers      pointer fields that are hashed or placeholders (no symbols possible)
 * @param badLines            malformed lines skipped (lenient)
 * @param orphanedAccessLines access lines skipped with their malformed object
 * @param firstBadLine        the first malformed line, or null
 */
public final class AccessMap {
    private final String file;
    private final KmapFormat format;
    private final long objects;
    private final long accessLines;
    private final long reads;
    private final long writes;
    private final int accessors;
    private final int classes;
    private final long hashedPointers;
    private final long badLines;
    private final long orphanedAccessLines;
    private final String firstBadLine;
    private final Pairs source;
    private final List<ComponentPair> components;
    private List<AccessPair> all;

    /**
     * Accesses between source directories: the accessing functions' directory against the
     * directory of the objects' allocation sites (functions DWARF does not place are left out).
     * Objects are not counted here: one object met through several function pairs would count
     * more than once.
     */
    public record ComponentPair(String accessor, String allocator, long reads, long writes, long lines) {
        public long accesses() {
            return reads + writes;
        }
    }

    /** Where the pairs come from: made into records only when asked for (a big kmap has hundreds of thousands). */
    interface Pairs {
        int size();

        long accesses(int i);

        AccessPair pair(int i);
    }

    AccessMap(
            String file,
            KmapFormat format,
            long objects,
            long accessLines,
            long reads,
            long writes,
            int accessors,
            int classes,
            Pairs source,
            List<ComponentPair> components,
            long hashedPointers,
            long badLines,
            long orphanedAccessLines,
            String firstBadLine) {
        this.components = components;
        this.file = file;
        this.format = format;
        this.objects = objects;
        this.accessLines = accessLines;
        this.reads = reads;
        this.writes = writes;
        this.accessors = accessors;
        this.classes = classes;
        this.source = source;
        this.hashedPointers = hashedPointers;
        this.badLines = badLines;
        this.orphanedAccessLines = orphanedAccessLines;
        this.firstBadLine = firstBadLine;
    }

    public String file() {
        return file;
    }

    public KmapFormat format() {
        return format;
    }

    public long objects() {
        return objects;
    }

    public long accessLines() {
        return accessLines;
    }

    public long reads() {
        return reads;
    }

    public long writes() {
        return writes;
    }

    public int accessors() {
        return accessors;
    }

    public int classes() {
        return classes;
    }

    public long hashedPointers() {
        return hashedPointers;
    }

    public long badLines() {
        return badLines;
    }

    public long orphanedAccessLines() {
        return orphanedAccessLines;
    }

    public String firstBadLine() {
        return firstBadLine;
    }

    /** Accesses between source directories, largest first; empty without source lines. */
    public List<ComponentPair> components() {
        return components;
    }

    /** How many pairs there are. */
    public int pairCount() {
        return source.size();
    }

    /** Every pair, sorted ({@link #ORDER}). */
    public synchronized List<AccessPair> pairs() {
        if (all == null) {
            List<AccessPair> l = new ArrayList<>(source.size());
            for (int i = 0; i < source.size(); i++) {
                l.add(source.pair(i));
            }
            l.sort(ORDER);
            all = List.copyOf(l);
        }
        return all;
    }

    /**
     * The first {@code n} pairs of {@link #pairs()}, without making every pair a record: the
     * pairs with at least the n-th largest access count (ties included) are sorted.
     */
    public List<AccessPair> top(int n) {
        int size = source.size();
        if (n >= size) {
            return pairs();
        }
        long[] v = new long[size];
        for (int i = 0; i < size; i++) {
            v[i] = source.accesses(i);
        }
        long cut = nthLargest(v, n);
        List<AccessPair> l = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            if (v[i] >= cut) {
                l.add(source.pair(i));
            }
        }
        l.sort(ORDER);
        return List.copyOf(l.subList(0, n));
    }

    /**
     * The {@code n}-th largest of {@code v} (1 <= n <= v.length), through a heap of the n largest
     * so far: most values are smaller than its root and cost one compare. Sorting every pair's
     * count took a run's end tens of milliseconds, in code still interpreted then.
     */
    static long nthLargest(long[] v, int n) {
        long[] heap = new long[n]; // a min-heap: heap[0] is the smallest of the n largest
        for (int i = 0; i < n; i++) {
            heap[i] = v[i];
            for (int c = i; c > 0 && heap[(c - 1) >>> 1] > heap[c]; c = (c - 1) >>> 1) {
                long t = heap[c];
                heap[c] = heap[(c - 1) >>> 1];
                heap[(c - 1) >>> 1] = t;
            }
        }
        for (int i = n; i < v.length; i++) {
            if (v[i] > heap[0]) {
                heap[0] = v[i];
                int p = 0;
                while (true) {
                    int c = 2 * p + 1;
                    if (c >= n) {
                        break;
                    }
                    if (c + 1 < n && heap[c + 1] < heap[c]) {
                        c++;
                    }
                    if (heap[p] <= heap[c]) {
                        break;
                    }
                    long t = heap[c];
                    heap[c] = heap[p];
                    heap[p] = t;
                    p = c;
                }
            }
        }
        return heap[0];
    }

    /**
     * One accessing function against one object class.
     *
     * @param accessor  the function of the access ip ({@code name}, or the address in hex when no symbol names it)
     * @param allocSite the function of the objects' allocation site, or its address / synthetic code
     * @param slab      the objects' slab cache; null in formats without one
     * @param type      the objects' allocation type as printed (may be empty)
     * @param reads     reads by the accessor of objects of this class
     * @param writes    writes
     * @param objects   distinct objects of the class the accessor touched
     * @param lines     access lines (one per access site and pid of an object)
     */
    public record AccessPair(
            String accessor,
            String allocSite,
            String slab,
            String type,
            long reads,
            long writes,
            long objects,
            long lines) {
        public long accesses() {
            return reads + writes;
        }

        /** The object class as one label: {@code allocSite slab type}, the empty parts left out. */
        public String objectClass() {
            StringBuilder b = new StringBuilder(allocSite);
            if (slab != null && !slab.isEmpty()) {
                b.append(' ').append(slab);
            }
            if (!type.isEmpty()) {
                b.append(' ').append(type);
            }
            return b.toString();
        }
    }

    /** Largest first; ties by accessor, allocation site, slab and type, so the order never depends on threads. */
    static final Comparator<AccessPair> ORDER = Comparator.comparingLong(AccessPair::accesses)
            .reversed()
            .thenComparing(AccessPair::accessor)
            .thenComparing(AccessPair::allocSite)
            .thenComparing(p -> p.slab() == null ? "" : p.slab())
            .thenComparing(AccessPair::type);
}
