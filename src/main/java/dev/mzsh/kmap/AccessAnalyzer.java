package dev.mzsh.kmap;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
        List<AccessMap.AccessPair> pairs = new ArrayList<>(t.pairs.size);
        boolean[] accessor = new boolean[fn.length];
        int accessors = 0;
        for (int i = 0; i < t.pairs.size; i++) {
            long k = t.pairs.keys[i];
            long c = t.classes.keys[AccessTally.pairClass(k)];
            int s = AccessTally.classSlab(c);
            int a = AccessTally.pairAccessor(k);
            if (!accessor[a]) {
                accessor[a] = true;
                accessors++;
            }
            pairs.add(new AccessMap.AccessPair(fn[a], fn[AccessTally.classFunction(c)],
                    s == AccessTally.NO_SLAB ? null : slab[s], type[AccessTally.classType(c)],
                    t.pairs.a[i], t.pairs.b[i], t.pairObjects[i], t.pairs.c[i]));
        }
        pairs.sort(AccessMap.ORDER);
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
