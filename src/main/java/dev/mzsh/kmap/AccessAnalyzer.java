package dev.mzsh.kmap;

import java.io.IOException;
import java.nio.file.Path;

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
        SymbolTable sym = options.symbols();
        KmapAnalyzer.Pass<AccessTally> pass = KmapAnalyzer.read(file, options, minPart, bufferSize,
                () -> new AccessTally(sym));
        AccessTally t = pass.handlers().get(0);
        for (int i = 1; i < pass.handlers().size(); i++) {
            t.add(pass.handlers().get(i));
        }
        // one String per function, cache and type, shared by every pair that names it
        String[] fn = new String[t.functions.size];
        for (int i = 0; i < fn.length; i++) {
            fn[i] = name(sym, t.functions.keys[i]);
        }
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
        int[] used = t.pairs.used();
        long[] cells = t.pairs.cells;
        for (int i : used) {
            int a = AccessTally.pairAccessor(t.pairs.key(i));
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
                return cells[used[i] + AccessTally.P_READS] + cells[used[i] + AccessTally.P_WRITES];
            }

            @Override
            public AccessMap.AccessPair pair(int i) {
                int o = used[i];
                long k = t.pairs.key(o);
                long c = t.classes.key(AccessTally.pairClass(k));
                int s = AccessTally.classSlab(c);
                return new AccessMap.AccessPair(fn[AccessTally.pairAccessor(k)], fn[AccessTally.classFunction(c)],
                        s == AccessTally.NO_SLAB ? null : slab[s], type[AccessTally.classType(c)],
                        cells[o + AccessTally.P_READS], cells[o + AccessTally.P_WRITES],
                        cells[o + AccessTally.P_OBJECTS], cells[o + AccessTally.P_LINES]);
            }
        };
        return new AccessMap(file.toString(), pass.format(), t.objects, t.accessLines, t.reads, t.writes, accessors,
                t.classes.size, pairs, t.hashed, pass.badLines(), pass.orphans(), pass.firstBad());
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
