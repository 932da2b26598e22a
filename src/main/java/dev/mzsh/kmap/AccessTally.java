package dev.mzsh.kmap;

import java.util.Arrays;

/**
 * Accumulates an access map over (a part of) a kmap: for every access line, the accessing
 * function (its access ip's function) against the accessed object's class (its allocation
 * site's function, slab cache and allocation type): reads, writes, access lines and distinct
 * objects. Keys are small ids in primitive tables, never strings per line, so a pass costs about
 * what the summary costs; parts are merged with {@link #add}.
 */
final class AccessTally implements KmapHandler {
    private static final int SLAB_BITS = 20;
    private static final int TYPE_BITS = 12;
    /** The slab id of an object whose format has no slab cache field (8 and 9 fields). */
    static final int NO_SLAB = (1 << SLAB_BITS) - 1;

    private final SymbolTable symbols;
    /** Code address to its function's id + 1 (0 until resolved), in column a. */
    private final LongKeyTable ipFunction = new LongKeyTable();
    /** The function (start address, or the address itself when no symbol names it) per id: the entry index is the id. */
    final LongKeyTable functions = new LongKeyTable();
    final ByteKeyTable slabs = new ByteKeyTable();
    final ByteKeyTable types = new ByteKeyTable();
    /** Object classes, key {@code function id << 32 | slab id << 12 | type id}: a objects, b bytes. */
    final LongKeyTable classes = new LongKeyTable();
    /** Access pairs, key {@code accessor function id << 32 | class id}: a reads, b writes, c access lines. */
    final LongKeyTable pairs = new LongKeyTable();
    /** Distinct objects per pair (same index as {@link #pairs}). */
    long[] pairObjects = new long[512];
    /** The serial of the last object counted in {@link #pairObjects}; objects' access lines are contiguous. */
    private long[] lastObject = new long[512];
    private long object;
    private int objectClass;

    long objects;
    long accessLines;
    long reads;
    long writes;
    long hashed;

    AccessTally(SymbolTable symbols) {
        this.symbols = symbols;
    }

    @Override
    public void object(KmapLine l) {
        objects++;
        object++;
        hashed += l.hashed;
        int fn = function(l.allocIp);
        int slab = l.slabStart < 0 ? NO_SLAB
                : slabs.entry(l.buf, l.slabStart, l.slabEnd, l.slabHash, l.slabHead, l.slabTail);
        long head = LineDecoder.head(l.buf, l.typeStart, l.typeEnd);
        long tail = LineDecoder.tail(l.buf, l.typeStart, l.typeEnd, head);
        int type = types.entry(l.buf, l.typeStart, l.typeEnd, LineDecoder.hash(head, tail, l.typeEnd - l.typeStart),
                head, tail);
        int c = classes.entry(classKey(fn, slab, type));
        classes.a[c]++;
        classes.b[c] += l.size;
        objectClass = c;
    }

    @Override
    public void access(KmapLine l) {
        accessLines++;
        hashed += l.hashed;
        reads += l.reads;
        writes += l.writes;
        int e = pair(function(l.accessIp), objectClass);
        pairs.a[e] += l.reads;
        pairs.b[e] += l.writes;
        pairs.c[e]++;
        if (lastObject[e] != object) {
            lastObject[e] = object;
            pairObjects[e]++;
        }
    }

    private int function(long ip) {
        int e = ipFunction.entry(ip);
        long id = ipFunction.a[e];
        if (id == 0) {
            id = functions.entry(symbols.functionStart(ip)) + 1L;
            ipFunction.a[e] = id;
        }
        return (int) id - 1;
    }

    private int pair(int accessor, int cls) {
        int e = pairs.entry((long) accessor << 32 | cls);
        if (e >= lastObject.length) {
            lastObject = Arrays.copyOf(lastObject, lastObject.length * 2);
            pairObjects = Arrays.copyOf(pairObjects, pairObjects.length * 2);
        }
        return e;
    }

    private long classKey(int fn, int slab, int type) {
        if (slabs.size >= NO_SLAB || types.size > (1 << TYPE_BITS)) {
            // names come from the guest: a kmap with this many is not one a kernel printed
            throw new IllegalStateException("more than " + NO_SLAB + " slab cache names or " + (1 << TYPE_BITS)
                    + " allocation type names: not a kmap a Memorizer kernel prints");
        }
        return (long) fn << 32 | (long) slab << TYPE_BITS | type;
    }

    static int classFunction(long key) {
        return (int) (key >>> 32);
    }

    static int classSlab(long key) {
        return (int) (key >>> TYPE_BITS) & NO_SLAB;
    }

    static int classType(long key) {
        return (int) key & ((1 << TYPE_BITS) - 1);
    }

    static int pairAccessor(long key) {
        return (int) (key >>> 32);
    }

    static int pairClass(long key) {
        return (int) key;
    }

    /** Adds another part's tally; its ids are translated into this one's through the keys they stand for. */
    void add(AccessTally o) {
        objects += o.objects;
        accessLines += o.accessLines;
        reads += o.reads;
        writes += o.writes;
        hashed += o.hashed;
        int[] fn = new int[o.functions.size];
        for (int i = 0; i < fn.length; i++) {
            fn[i] = functions.entry(o.functions.keys[i]);
        }
        int[] slab = new int[o.slabs.size];
        for (int i = 0; i < slab.length; i++) {
            slab[i] = slabs.entryOf(o.slabs, i);
        }
        int[] type = new int[o.types.size];
        for (int i = 0; i < type.length; i++) {
            type[i] = types.entryOf(o.types, i);
        }
        int[] cls = new int[o.classes.size];
        for (int i = 0; i < cls.length; i++) {
            long k = o.classes.keys[i];
            int s = classSlab(k);
            int c = classes.entry(classKey(fn[classFunction(k)], s == NO_SLAB ? NO_SLAB : slab[s], type[classType(k)]));
            classes.a[c] += o.classes.a[i];
            classes.b[c] += o.classes.b[i];
            cls[i] = c;
        }
        for (int i = 0; i < o.pairs.size; i++) {
            long k = o.pairs.keys[i];
            int e = pair(fn[pairAccessor(k)], cls[pairClass(k)]);
            pairs.a[e] += o.pairs.a[i];
            pairs.b[e] += o.pairs.b[i];
            pairs.c[e] += o.pairs.c[i];
            pairObjects[e] += o.pairObjects[i]; // parts hold disjoint objects
        }
    }
}
