package dev.mzsh.kmap;

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
    /** Code address to its function's id + 1 (0 until resolved), in column 1. */
    private final WideTable ipFunction = new WideTable(2);

    private static final int RECENT_BITS = 12;
    private final long[] recentIp = new long[1 << RECENT_BITS];
    /** Function id + 1 of {@link #recentIp}; 0 = empty. */
    private final int[] recentFn = new int[1 << RECENT_BITS];
    /** The function (start address, or the address itself when no symbol names it) per id: the entry index is the id. */
    final LongKeyTable functions = new LongKeyTable();

    final ByteKeyTable slabs = new ByteKeyTable();
    final ByteKeyTable types = new ByteKeyTable();
    private static final int CLASS_WIDTH = 1;
    /** Object classes, key {@code function id << 32 | slab id << 12 | type id}; the entry index is the class id. */
    final WideTable classes = new WideTable(CLASS_WIDTH);

    private static final int RC_WIDTH = 8;
    /** Recently seen classes: alloc ip, slab head, tail, type head, tail, slab length, type length, class id + 1. */
    private final long[] recentClass = new long[RC_WIDTH << RECENT_BITS];

    static final int P_READS = 1;
    static final int P_WRITES = 2;
    static final int P_LINES = 3;
    static final int P_OBJECTS = 4;
    /** The serial of the last object counted in P_OBJECTS; an object's access lines are contiguous. */
    private static final int P_LAST = 5;
    /** Access pairs, key {@code accessor function id << 32 | class id}: reads, writes, lines, objects, last object. */
    final OpenTable pairs = new OpenTable(6);

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
        byte[] b = l.buf;
        long typeHead = LineDecoder.head(b, l.typeStart, l.typeEnd);
        long typeTail = LineDecoder.tail(b, l.typeStart, l.typeEnd, typeHead);
        int typeLen = l.typeEnd - l.typeStart;
        int slabLen = l.slabStart < 0 ? -1 : l.slabEnd - l.slabStart;
        long slabHead = slabLen < 0 ? 0 : l.slabHead;
        long slabTail = slabLen < 0 ? 0 : l.slabTail;
        long ip = l.allocIp;
        // the class of the last object with this (site, cache, type) in a direct-mapped cache: one
        // cache line per object instead of four table lookups; names of up to 16 bytes are identified
        // exactly by head, tail and length, longer ones always take the tables
        boolean cacheable = slabLen <= 16 && typeLen <= 16;
        int o = 0;
        if (cacheable) {
            long h = (ip
                            ^ slabHead * 0xC2B2AE3D27D4EB4FL
                            ^ Long.rotateLeft(typeHead, 29)
                            ^ slabTail
                            ^ typeTail
                            ^ (long) slabLen << 48)
                    * 0x9E3779B97F4A7C15L;
            o = (int) (h >>> (64 - RECENT_BITS)) * RC_WIDTH;
            long[] rc = recentClass;
            if (rc[o + 7] != 0
                    && rc[o] == ip
                    && rc[o + 1] == slabHead
                    && rc[o + 2] == slabTail
                    && rc[o + 3] == typeHead
                    && rc[o + 4] == typeTail
                    && rc[o + 5] == slabLen
                    && rc[o + 6] == typeLen) {
                objectClass = (int) rc[o + 7] - 1;
                return;
            }
        }
        int fn = function(ip);
        int slab = slabLen < 0 ? NO_SLAB : slabs.entry(b, l.slabStart, l.slabEnd, l.slabHash, l.slabHead, l.slabTail);
        int type = types.entry(
                b, l.typeStart, l.typeEnd, LineDecoder.hash(typeHead, typeTail, typeLen), typeHead, typeTail);
        int c = classes.offset(classKey(fn, slab, type)) / CLASS_WIDTH;
        objectClass = c;
        if (cacheable) {
            long[] rc = recentClass;
            rc[o] = ip;
            rc[o + 1] = slabHead;
            rc[o + 2] = slabTail;
            rc[o + 3] = typeHead;
            rc[o + 4] = typeTail;
            rc[o + 5] = slabLen;
            rc[o + 6] = typeLen;
            rc[o + 7] = c + 1L;
        }
    }

    @Override
    public void access(KmapLine l) {
        accessLines++;
        hashed += l.hashed;
        reads += l.reads;
        writes += l.writes;
        int e = pairs.offset((long) function(l.accessIp) << 32 | objectClass);
        long[] d = pairs.cells;
        d[e + P_READS] += l.reads;
        d[e + P_WRITES] += l.writes;
        d[e + P_LINES]++;
        if (d[e + P_LAST] != object) {
            d[e + P_LAST] = object;
            d[e + P_OBJECTS]++;
        }
    }

    private int function(long ip) {
        // a small direct-mapped cache in front of the table: hot code addresses are a few thousand,
        // and the table's two cache misses per lookup were a third of the pass
        long h = ip * 0x9E3779B97F4A7C15L;
        int slot = (int) (h >>> (64 - RECENT_BITS));
        if (recentIp[slot] == ip && recentFn[slot] != 0) {
            return recentFn[slot] - 1;
        }
        int fn = resolve(ip);
        recentIp[slot] = ip;
        recentFn[slot] = fn + 1;
        return fn;
    }

    private int resolve(long ip) {
        int o = ipFunction.offset(ip) + 1;
        long id = ipFunction.data[o];
        if (id == 0) {
            id = functions.entry(symbols.functionStart(ip)) + 1L;
            ipFunction.data[o] = id;
        }
        return (int) id - 1;
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
            long k = o.classes.key(i);
            int s = classSlab(k);
            cls[i] =
                    classes.offset(classKey(fn[classFunction(k)], s == NO_SLAB ? NO_SLAB : slab[s], type[classType(k)]))
                            / CLASS_WIDTH;
        }
        for (int i : o.pairs.used()) {
            long k = o.pairs.key(i);
            int e = pairs.offset((long) fn[pairAccessor(k)] << 32 | cls[pairClass(k)]);
            for (int col = P_READS; col <= P_OBJECTS; col++) {
                pairs.cells[e + col] += o.pairs.cells[i + col]; // objects too: parts hold disjoint objects
            }
        }
    }
}
