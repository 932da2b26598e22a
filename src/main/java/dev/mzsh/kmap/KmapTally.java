package dev.mzsh.kmap;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Accumulates the counts of (a part of) a kmap; parts are merged with {@link #add}. */
final class KmapTally implements KmapHandler {
    private static final long DEADBEEF = 0xdeadbeefL;
    private static final long FEDBEEF = 0xfedbeefL;

    long objects;
    long live;
    long overwritten;
    long bytes;
    long accessLines;
    long reads;
    long writes;
    /** Pointer fields that are hashed or placeholders, and {@code (null)} ones (see {@link KmapLine}). */
    long hashed;

    long nulls;
    /** Bucket 0: size 0; bucket k (1..64): sizes in [2^(k-1), 2^k). */
    final long[] sizeCount = new long[65];

    final long[] sizeBytes = new long[65];
    final LongKeyTable allocSites = new LongKeyTable(); // a count, b bytes
    final LongKeyTable accessSites = new LongKeyTable(); // a reads, b writes, c lines
    final ByteKeyTable caches = new ByteKeyTable(); // a count, b bytes
    final ByteKeyTable commands = new ByteKeyTable();
    /**
     * The entry of the last object line's allocation site and of the last access line's access
     * site: the access map's tally beside this one takes them as its site ids (one lookup each).
     */
    int site;

    int accessSite;

    @Override
    public void object(KmapLine l) {
        long size = l.size;
        objects++;
        hashed += l.hashed;
        nulls += l.nulls;
        bytes += size;
        long fip = l.freeIp;
        if (fip == 0) {
            live++;
        } else if (fip == DEADBEEF || fip == FEDBEEF) {
            overwritten++;
        }
        int bucket = 64 - Long.numberOfLeadingZeros(size);
        sizeCount[bucket]++;
        sizeBytes[bucket] += size;
        LongKeyTable sites = allocSites;
        int e = sites.entry(l.allocIp);
        sites.a[e]++;
        sites.b[e] += size;
        site = e;
        commands.add(l.buf, l.commandStart, l.commandEnd, l.commandHash, l.commandHead, l.commandTail, 1, size);
        if (l.slabStart >= 0) {
            caches.add(l.buf, l.slabStart, l.slabEnd, l.slabHash, l.slabHead, l.slabTail, 1, size);
        }
    }

    @Override
    public void access(KmapLine l) {
        accessLines++;
        hashed += l.hashed;
        nulls += l.nulls;
        reads += l.reads;
        writes += l.writes;
        LongKeyTable sites = accessSites;
        int e = sites.entry(l.accessIp);
        sites.a[e] += l.reads;
        sites.b[e] += l.writes;
        sites.c[e]++;
        accessSite = e;
    }

    void add(KmapTally o) {
        objects += o.objects;
        live += o.live;
        overwritten += o.overwritten;
        bytes += o.bytes;
        accessLines += o.accessLines;
        reads += o.reads;
        writes += o.writes;
        hashed += o.hashed;
        nulls += o.nulls;
        for (int i = 0; i < sizeCount.length; i++) {
            sizeCount[i] += o.sizeCount[i];
            sizeBytes[i] += o.sizeBytes[i];
        }
        allocSites.addAll(o.allocSites);
        accessSites.addAll(o.accessSites);
        caches.addAll(o.caches);
        commands.addAll(o.commands);
    }

    KmapSummary summary(
            String file, KmapFormat format, KmapOptions options, long badLines, long orphans, String firstBadLine)
            throws java.io.IOException {
        int top = options.top();
        SymbolTable sym = options.symbols();
        int[] sitesByCount = TopEntries.of(allocSites.size, allocSites.a, allocSites.keys, top);
        int[] sitesByBytes = TopEntries.of(allocSites.size, allocSites.b, allocSites.keys, top);
        int[] byReads = TopEntries.of(accessSites.size, accessSites.a, accessSites.keys, top);
        int[] byWrites = TopEntries.of(accessSites.size, accessSites.b, accessSites.keys, top);
        // source lines: every allocation site (for the components) and the access sites shown, in one batch
        Map<Long, String> src = Map.of();
        List<KmapSummary.Named> components = List.of();
        if (options.sources() != null) {
            List<Long> ask = new ArrayList<>(allocSites.size + 2 * top);
            for (int e = 0; e < allocSites.size; e++) {
                ask.add(allocSites.keys[e]);
            }
            for (int[] list : new int[][] {byReads, byWrites}) {
                for (int e : list) {
                    ask.add(accessSites.keys[e]);
                }
            }
            src = options.sources().lookup(ask);
            components = components(src, top);
        }
        return new KmapSummary(
                file,
                format,
                objects,
                live,
                objects - live - overwritten,
                overwritten,
                bytes,
                accessLines,
                reads,
                writes,
                allocSites.size,
                sites(sitesByCount, sym, src),
                sites(sitesByBytes, sym, src),
                caches.size,
                named(caches, top, true),
                named(caches, top, false),
                commands.size,
                named(commands, top, true),
                named(commands, top, false),
                accessSites.size,
                accesses(byReads, sym, src),
                accesses(byWrites, sym, src),
                buckets(),
                hashed,
                nulls,
                badLines,
                orphans,
                firstBadLine,
                components,
                options.noSources());
    }

    /** Objects and bytes per source directory of the allocation sites, largest count first; sites DWARF does not place are left out. */
    private List<KmapSummary.Named> components(Map<Long, String> src, int top) {
        Map<String, long[]> dirs = new HashMap<>();
        for (int e = 0; e < allocSites.size; e++) {
            String s = src.get(allocSites.keys[e]);
            String dir = s == null ? null : SourceLines.directory(s);
            if (dir != null) {
                long[] v = dirs.computeIfAbsent(dir, k -> new long[2]);
                v[0] += allocSites.a[e];
                v[1] += allocSites.b[e];
            }
        }
        List<KmapSummary.Named> all = new ArrayList<>();
        dirs.forEach((k, v) -> all.add(new KmapSummary.Named(k, v[0], v[1])));
        all.sort(Comparator.comparingLong(KmapSummary.Named::count).reversed().thenComparing(KmapSummary.Named::name));
        return List.copyOf(all.subList(0, Math.min(top, all.size())));
    }

    private List<KmapSummary.Site> sites(int[] entries, SymbolTable sym, Map<Long, String> src) {
        LongKeyTable t = allocSites;
        List<KmapSummary.Site> out = new ArrayList<>();
        for (int e : entries) {
            out.add(new KmapSummary.Site(
                    address(t.keys[e]), symbol(sym, t.keys[e]), t.a[e], t.b[e], src.get(t.keys[e])));
        }
        return out;
    }

    private List<KmapSummary.AccessSite> accesses(int[] entries, SymbolTable sym, Map<Long, String> src) {
        LongKeyTable t = accessSites;
        List<KmapSummary.AccessSite> out = new ArrayList<>();
        for (int e : entries) {
            out.add(new KmapSummary.AccessSite(
                    address(t.keys[e]), symbol(sym, t.keys[e]), t.a[e], t.b[e], t.c[e], src.get(t.keys[e])));
        }
        return out;
    }

    /** An address as the summary shows it: hex without leading zeros, or the placeholder the kernel printed. */
    private static String address(long key) {
        return key == KmapLine.UNKNOWN_POINTER ? "(____ptrval____)" : Long.toHexString(key);
    }

    private static String symbol(SymbolTable sym, long key) {
        return key == KmapLine.UNKNOWN_POINTER ? null : sym.name(key);
    }

    private static List<KmapSummary.Named> named(ByteKeyTable t, int top, boolean byCount) {
        List<KmapSummary.Named> all = new ArrayList<>(t.size);
        for (int e = 0; e < t.size; e++) {
            all.add(new KmapSummary.Named(t.key(e), t.a[e], t.b[e]));
        }
        Comparator<KmapSummary.Named> order = byCount
                ? Comparator.comparingLong(KmapSummary.Named::count)
                : Comparator.comparingLong(KmapSummary.Named::bytes);
        all.sort(order.reversed().thenComparing(KmapSummary.Named::name));
        return List.copyOf(all.subList(0, Math.min(top, all.size())));
    }

    private List<KmapSummary.SizeBucket> buckets() {
        int lo = 0;
        while (lo < sizeCount.length && sizeCount[lo] == 0) {
            lo++;
        }
        int hi = sizeCount.length - 1;
        while (hi >= lo && sizeCount[hi] == 0) {
            hi--;
        }
        List<KmapSummary.SizeBucket> out = new ArrayList<>();
        for (int k = lo; k <= hi; k++) {
            long from = k == 0 ? 0 : 1L << (k - 1);
            long to = k == 0 ? 0 : k == 64 ? -1L : (1L << k) - 1; // -1: unsigned max
            out.add(new KmapSummary.SizeBucket(from, to, sizeCount[k], sizeBytes[k]));
        }
        return out;
    }
}
