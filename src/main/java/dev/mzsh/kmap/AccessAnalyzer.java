package dev.mzsh.kmap;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds the {@link AccessMap} of a kmap file in one parallel pass (the summary's reader and parts). */
public final class AccessAnalyzer {
    private AccessAnalyzer() {}

    /**
     * Reads {@code file} and returns its access map; {@code options.symbols()} names the functions.
     *
     * @throws KmapSyntaxException the first malformed line (not in lenient mode)
     * @throws IOException         the file cannot be read
     */
    public static AccessMap analyze(Path file, KmapOptions options) throws IOException, KmapSyntaxException {
        return analyze(file, options, KmapAnalyzer.MIN_PART, KmapReader.BUFFER);
    }

    /** As {@link #analyze(Path, KmapOptions)} with smaller parts and buffers, to test their boundaries. */
    static AccessMap analyze(Path file, KmapOptions options, long minPart, int bufferSize)
            throws IOException, KmapSyntaxException {
        return analyze(file, options, minPart, bufferSize, AccessTally.NARROW_ID_BITS);
    }

    /** As above, pairs of ids of {@code narrowIdBits} bits or more tallied in the wide table, to test that. */
    static AccessMap analyze(Path file, KmapOptions options, long minPart, int bufferSize, int narrowIdBits)
            throws IOException, KmapSyntaxException {
        SymbolTable sym = options.symbols();
        KmapAnalyzer.Pass<AccessTally> pass =
                KmapAnalyzer.read(file, options, minPart, bufferSize, () -> new AccessTally(sym, narrowIdBits));
        AccessTally t = pass.handlers().get(0);
        for (int i = 1; i < pass.handlers().size(); i++) {
            t.add(pass.handlers().get(i));
        }
        return build(file, pass, t, options);
    }

    /** The access map of a finished pass whose access tallies were merged into {@code t}. */
    static AccessMap build(Path file, KmapAnalyzer.Pass<?> pass, AccessTally t, KmapOptions options)
            throws IOException {
        SymbolTable sym = options.symbols();
        // one String per function, cache and type, shared by every pair that names it; functions are
        // named when a pair is first asked for (the text report shows some 20 of thousands)
        String[] fn = new String[t.functions.size];
        long[] fnKeys = t.functions.keys;
        String[] slab = new String[t.slabs.size];
        for (int i = 0; i < slab.length; i++) {
            slab[i] = t.slabs.key(i);
        }
        String[] type = new String[t.types.size];
        for (int i = 0; i < type.length; i++) {
            type[i] = t.types.key(i);
        }
        boolean[] accessor = new boolean[fn.length];
        int accessors = 0;
        int[] used = t.finishedPairs();
        for (int i : used) {
            int a = AccessTally.pairAccessor(t.pairKey(i));
            if (!accessor[a]) {
                accessor[a] = true;
                accessors++;
            }
        }
        AccessMap.Pairs pairs = new AccessMap.Pairs() {
            @Override
            public int size() {
                return used.length;
            }

            @Override
            public long accesses(int i) {
                return t.reads(used[i]) + t.writes(used[i]);
            }

            @Override
            public AccessMap.AccessPair pair(int i) {
                int o = used[i];
                long k = t.pairKey(o);
                long c = t.classes.key(AccessTally.pairClass(k));
                int s = AccessTally.classSlab(c);
                return new AccessMap.AccessPair(
                        function(AccessTally.pairAccessor(k)),
                        function(AccessTally.classFunction(c)),
                        s == AccessTally.NO_SLAB ? null : slab[s],
                        type[AccessTally.classType(c)],
                        t.reads(o),
                        t.writes(o),
                        t.objects(o),
                        t.lines(o));
            }

            /** A benign race if pairs are made on several threads: each makes the same name. */
            private String function(int id) {
                String n = fn[id];
                if (n == null) {
                    n = name(sym, fnKeys[id]);
                    fn[id] = n;
                }
                return n;
            }
        };
        List<AccessMap.ComponentPair> components = List.of();
        if (options.sources() != null) {
            components = components(t, used, options.sources());
        }
        return new AccessMap(
                file.toString(),
                pass.format(),
                t.objects,
                t.accessLines,
                t.reads,
                t.writes,
                accessors,
                t.classes.size,
                pairs,
                components,
                t.hashed,
                pass.badLines(),
                pass.orphans(),
                pass.firstBad());
    }

    /** The pairs folded by the source directories of both functions, one addr2line batch for every function. */
    private static List<AccessMap.ComponentPair> components(AccessTally t, int[] used, SourceLines sources)
            throws IOException {
        List<Long> ask = new ArrayList<>(t.functions.size);
        for (int i = 0; i < t.functions.size; i++) {
            ask.add(t.functions.keys[i]);
        }
        Map<Long, String> src = sources.lookup(ask);
        String[] dir = new String[t.functions.size];
        for (int i = 0; i < dir.length; i++) {
            String s = src.get(t.functions.keys[i]);
            dir[i] = s == null ? null : SourceLines.directory(s);
        }
        Map<String, long[]> sum = new HashMap<>();
        for (int o : used) {
            long k = t.pairKey(o);
            String from = dir[AccessTally.pairAccessor(k)];
            String to = dir[AccessTally.classFunction(t.classes.key(AccessTally.pairClass(k)))];
            if (from != null && to != null) {
                long[] v = sum.computeIfAbsent(from + "\u0000" + to, x -> new long[3]);
                v[0] += t.reads(o);
                v[1] += t.writes(o);
                v[2] += t.lines(o);
            }
        }
        List<AccessMap.ComponentPair> out = new ArrayList<>();
        sum.forEach((k, v) -> {
            int z = k.indexOf(0);
            out.add(new AccessMap.ComponentPair(k.substring(0, z), k.substring(z + 1), v[0], v[1], v[2]));
        });
        out.sort(Comparator.comparingLong(AccessMap.ComponentPair::accesses)
                .reversed()
                .thenComparing(AccessMap.ComponentPair::accessor)
                .thenComparing(AccessMap.ComponentPair::allocator));
        return List.copyOf(out);
    }

    /** A function as shown: its symbol, or the address in hex (the placeholder for an unknown pointer). */
    private static String name(SymbolTable sym, long address) {
        if (address == KmapLine.UNKNOWN_POINTER) {
            return "(____ptrval____)";
        }
        String n = sym.name(address);
        return n != null ? n : Long.toHexString(address);
    }
}
