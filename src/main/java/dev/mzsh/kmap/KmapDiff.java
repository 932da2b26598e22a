package dev.mzsh.kmap;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What changed from kmap A to kmap B ("what did my patch change"): the totals, and per
 * allocation site, slab cache, command and access pair the objects, bytes, reads and writes on
 * each side, only the rows that changed, largest change first.
 *
 * @param a        the first kmap's summary (every row: built with top = all)
 * @param b        the second kmap's summary
 * @param sites    allocation sites (objects, bytes)
 * @param caches   slab caches (objects, bytes)
 * @param commands commands (objects, bytes)
 * @param pairs    access pairs, accessor -> object class (reads, writes, distinct objects)
 */
public record KmapDiff(
        KmapSummary a,
        KmapSummary b,
        List<Change> sites,
        List<Change> caches,
        List<Change> commands,
        List<Change> pairs) {

    /** The measures a threshold can watch (totals of the whole kmap). */
    public enum Measure {
        OBJECTS,
        BYTES,
        READS,
        WRITES,
        ACCESS_LINES;

        public long of(KmapSummary s) {
            return switch (this) {
                case OBJECTS -> s.objects();
                case BYTES -> s.bytes();
                case READS -> s.reads();
                case WRITES -> s.writes();
                case ACCESS_LINES -> s.accessLines();
            };
        }

        /** The name users type: objects, bytes, reads, writes, access-lines. */
        public String label() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    /** One row on both sides; a side without the row has zeros. */
    public record Change(
            String key,
            long objectsA,
            long objectsB,
            long bytesA,
            long bytesB,
            long readsA,
            long readsB,
            long writesA,
            long writesB) {
        public long objects() {
            return objectsB - objectsA;
        }

        public long bytes() {
            return bytesB - bytesA;
        }

        public long reads() {
            return readsB - readsA;
        }

        public long writes() {
            return writesB - writesA;
        }

        boolean changed() {
            return objects() != 0 || bytes() != 0 || reads() != 0 || writes() != 0;
        }
    }

    /** Rows of objects and bytes (sites, caches, commands): largest |objects change|, then |bytes change|, then key. */
    static final Comparator<Change> BY_OBJECTS = Comparator.comparingLong((Change c) -> -Math.abs(c.objects()))
            .thenComparingLong(c -> -Math.abs(c.bytes()))
            .thenComparing(Change::key);
    /** Access pairs: largest |reads + writes change|, then |objects change|, then key. */
    static final Comparator<Change> BY_ACCESSES = Comparator.comparingLong(
                    (Change c) -> -Math.abs(c.reads() + c.writes()))
            .thenComparingLong(c -> -Math.abs(c.objects()))
            .thenComparing(Change::key);

    /** The diff of two kmaps' summaries (with every row) and access maps. */
    public static KmapDiff of(KmapSummary a, KmapSummary b, AccessMap accessA, AccessMap accessB) {
        return new KmapDiff(
                a,
                b,
                changes(sites(a), sites(b), BY_OBJECTS),
                changes(named(a.cachesByCount()), named(b.cachesByCount()), BY_OBJECTS),
                changes(named(a.commandsByCount()), named(b.commandsByCount()), BY_OBJECTS),
                changes(pairs(accessA), pairs(accessB), BY_ACCESSES));
    }

    /** The change of a total. */
    public long change(Measure m) {
        return m.of(b) - m.of(a);
    }

    private static Map<String, long[]> sites(KmapSummary s) {
        Map<String, long[]> m = new LinkedHashMap<>();
        for (KmapSummary.Site site : s.allocSitesByCount()) {
            long[] v = m.computeIfAbsent(site.display(), k -> new long[4]);
            v[0] += site.count();
            v[1] += site.bytes();
        }
        return m;
    }

    private static Map<String, long[]> named(List<KmapSummary.Named> rows) {
        Map<String, long[]> m = new LinkedHashMap<>();
        for (KmapSummary.Named n : rows) {
            long[] v = m.computeIfAbsent(n.name(), k -> new long[4]);
            v[0] += n.count();
            v[1] += n.bytes();
        }
        return m;
    }

    private static Map<String, long[]> pairs(AccessMap a) {
        Map<String, long[]> m = new LinkedHashMap<>();
        for (AccessMap.AccessPair p : a.pairs()) {
            long[] v = m.computeIfAbsent(p.accessor() + " -> " + p.objectClass(), k -> new long[4]);
            v[0] += p.objects();
            v[2] += p.reads();
            v[3] += p.writes();
        }
        return m;
    }

    private static List<Change> changes(Map<String, long[]> a, Map<String, long[]> b, Comparator<Change> order) {
        Map<String, long[][]> both = new LinkedHashMap<>();
        a.forEach((k, v) -> both.computeIfAbsent(k, x -> new long[2][])[0] = v);
        b.forEach((k, v) -> both.computeIfAbsent(k, x -> new long[2][])[1] = v);
        long[] zero = new long[4];
        List<Change> out = new ArrayList<>();
        both.forEach((k, v) -> {
            long[] x = v[0] != null ? v[0] : zero;
            long[] y = v[1] != null ? v[1] : zero;
            Change c = new Change(k, x[0], y[0], x[1], y[1], x[2], y[2], x[3], y[3]);
            if (c.changed()) {
                out.add(c);
            }
        });
        out.sort(order);
        return List.copyOf(out);
    }
}
