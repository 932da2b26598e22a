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
    /**
     * Allocation sites and access sites (code addresses) to dense ids, when this tally reads lines
     * on its own; beside the summary it is handed the summary's own site ids instead, so that one
     * lookup per line serves both (see {@link #objectAt} and {@link #accessAt}).
     */
    private final WideTable allocIds = new WideTable(1);

    private final WideTable accessIds = new WideTable(1);
    /** Per access site id: its function's id + 1 (0 until resolved). */
    private int[] accessFn = new int[1024];

    /**
     * Per allocation site id, the class of its last object and what identified it: slab head,
     * tail, type head, tail, slab length << 32 | type length, class id + 1 (0 = none yet). A site
     * allocates from one cache with one type nearly always, so this is one compare per object
     * instead of four table lookups; names of up to 16 bytes are identified exactly by head, tail
     * and length, longer ones always take the tables.
     */
    private static final int MEMO = 6;

    private long[] siteMemo = new long[MEMO * 1024];
    /** The function (start address, or the address itself when no symbol names it) per id: the entry index is the id. */
    final LongKeyTable functions = new LongKeyTable();

    final ByteKeyTable slabs = new ByteKeyTable();
    final ByteKeyTable types = new ByteKeyTable();
    private static final int CLASS_WIDTH = 1;
    /** Object classes, key {@code function id << 32 | slab id << 12 | type id}; the entry index is the class id. */
    final WideTable classes = new WideTable(CLASS_WIDTH);

    static final int P_READS = 1;
    static final int P_WRITES = 2;
    /** Lines in the high 32 bits, objects in the low 32 (never more than lines): read with {@link #lines}, {@link #objects}. */
    private static final int P_COUNTS = 3;

    private static final long LINE = 1L << 32;
    /**
     * Access pairs, key {@code accessor function id << 32 | class id}: reads, writes, lines and
     * objects. Four longs, 32 bytes: a pair is looked up per access line in a table bigger than
     * the L2 cache (some 16,000 pairs in 256 MB of the bench kmap), and with six longs per pair
     * (lines and objects apart, and the last object counted) that cost about 10% more CPU per line.
     */
    final OpenTable pairs = new OpenTable(4);
    /**
     * Per accessing function id, the serial of the last object it accessed. An object's access
     * lines are contiguous and it has one class, so this says whether the pair has counted the
     * object yet without a column in every pair.
     */
    private long[] lastObject = new long[1024];
    /**
     * Before a pair's lines could pass 32 bits, the packed counts are moved into {@link #spilled}
     * (lines, objects as longs). A tally counts at most {@link #spillEvery} lines between moves.
     */
    private final long spillEvery;

    static final long SPILL_EVERY = 1L << 31;

    private long nextSpill;
    private OpenTable spilled;

    private long object;
    private int objectClass;

    long objects;
    long accessLines;
    long reads;
    long writes;
    long hashed;

    AccessTally(SymbolTable symbols) {
        this(symbols, SPILL_EVERY);
    }

    /** With the packed line counts moved aside every {@code spillEvery} lines (small in tests). */
    AccessTally(SymbolTable symbols, long spillEvery) {
        this.symbols = symbols;
        this.spillEvery = spillEvery;
        this.nextSpill = spillEvery;
    }

    /** An object's class is its site's function, slab cache and type: size, free_ip and command are not used. */
    @Override
    public boolean readsSizesAndCommands() {
        return false;
    }

    @Override
    public void object(KmapLine l) {
        objectAt(l, allocIds.offset(l.allocIp));
    }

    @Override
    public void access(KmapLine l) {
        accessAt(l, accessIds.offset(l.accessIp));
    }

    /**
     * An object line whose allocation site has the dense id {@code site} (ids of one table, from
     * 0). This and {@link #accessAt} are each one method with their rare paths inside, on
     * purpose: too big for the JIT to inline into the reading loop, they are compiled on their
     * own. Inlined (small, with the rare paths split off), they made the loop's compilation
     * several times longer, on cores that are also parsing: 0.3-0.5 s more CPU per run of
     * `kmap summary` or `kmap access` on the 1 GiB bench kmap, measured with the JIT told not to
     * inline them.
     */
    void objectAt(KmapLine l, int site) {
        objects++;
        object++;
        hashed += l.hashed;
        byte[] b = l.buf;
        long typeHead = LineDecoder.head(b, l.typeStart, l.typeEnd);
        long typeTail = LineDecoder.tail(b, l.typeStart, l.typeEnd, typeHead);
        boolean hasSlab = l.slabStart >= 0;
        long slabHead = hasSlab ? l.slabHead : 0;
        long slabTail = hasSlab ? l.slabTail : 0;
        int slabLen = hasSlab ? l.slabEnd - l.slabStart : -1;
        int typeLen = l.typeEnd - l.typeStart;
        long lengths = (long) slabLen << 32 | typeLen;
        int o = site * MEMO;
        long[] m = siteMemo;
        if (o < m.length
                && m[o + 5] != 0
                && m[o] == slabHead
                && m[o + 1] == slabTail
                && m[o + 2] == typeHead
                && m[o + 3] == typeTail
                && m[o + 4] == lengths) {
            objectClass = (int) m[o + 5] - 1;
            return;
        }
        // not the class of this site's last object (a site's first object, mostly)
        int fn = functions.entry(symbols.functionStart(l.allocIp));
        int slab = hasSlab ? slabs.entry(b, l.slabStart, l.slabEnd, l.slabHash, slabHead, slabTail) : NO_SLAB;
        int type = types.entry(
                b, l.typeStart, l.typeEnd, LineDecoder.hash(typeHead, typeTail, typeLen), typeHead, typeTail);
        int c = classes.offset(classKey(fn, slab, type)) / CLASS_WIDTH;
        objectClass = c;
        if (slabLen <= 16 && typeLen <= 16) {
            if (o + MEMO > m.length) {
                siteMemo = m = Arrays.copyOf(m, Math.max(m.length * 2, o + MEMO));
            }
            m[o] = slabHead;
            m[o + 1] = slabTail;
            m[o + 2] = typeHead;
            m[o + 3] = typeTail;
            m[o + 4] = lengths;
            m[o + 5] = c + 1L;
        }
    }

    /** An access line whose access site has the dense id {@code site} (ids of one table, from 0); see {@link #objectAt}. */
    void accessAt(KmapLine l, int site) {
        accessLines++;
        hashed += l.hashed;
        long r = l.reads;
        long w = l.writes;
        reads += r;
        writes += w;
        int[] af = accessFn;
        int fn = site < af.length ? af[site] - 1 : -1;
        if (fn < 0) {
            // an access site seen for the first time
            if (site >= af.length) {
                accessFn = af = Arrays.copyOf(af, Math.max(af.length * 2, site + 1));
            }
            fn = functions.entry(symbols.functionStart(l.accessIp));
            af[site] = fn + 1;
            if (fn >= lastObject.length) {
                lastObject = Arrays.copyOf(lastObject, Math.max(lastObject.length * 2, fn + 1));
            }
        }
        long[] lo = lastObject;
        long count = LINE;
        if (lo[fn] != object) {
            lo[fn] = object;
            count = LINE | 1;
        }
        int e = pairs.offset((long) fn << 32 | objectClass);
        long[] d = pairs.cells;
        d[e + P_READS] += r;
        d[e + P_WRITES] += w;
        d[e + P_COUNTS] += count;
        if (accessLines == nextSpill) {
            spill();
        }
    }

    /** Moves every pair's packed line and object counts into {@link #spilled}, so that they never overflow. */
    private void spill() {
        nextSpill += spillEvery;
        long[] d = pairs.cells;
        for (int o : pairs.used()) {
            long n = d[o + P_COUNTS];
            if (n != 0) {
                addSpilled(pairs.key(o), n >>> 32, n & 0xffffffffL);
                d[o + P_COUNTS] = 0;
            }
        }
    }

    private void addSpilled(long key, long lines, long objects) {
        if (spilled == null) {
            spilled = new OpenTable(3);
        }
        int s = spilled.offset(key);
        spilled.cells[s + 1] += lines;
        spilled.cells[s + 2] += objects;
    }

    /** Access lines of the pair at offset {@code o} of {@link #pairs}. */
    long lines(int o) {
        return (pairs.cells[o + P_COUNTS] >>> 32) + spilled(pairs.key(o), 1);
    }

    /** Distinct objects of the pair at offset {@code o} of {@link #pairs}. */
    long objects(int o) {
        return (pairs.cells[o + P_COUNTS] & 0xffffffffL) + spilled(pairs.key(o), 2);
    }

    private long spilled(long key, int column) {
        int s = spilled == null ? -1 : spilled.find(key);
        return s < 0 ? 0 : spilled.cells[s + column];
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
        boolean packed = o.spilled == null && accessLines + o.accessLines < 1L << 32; // see the pairs below
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
        // A pair's packed lines never exceed its tally's access lines, and objects never exceed lines:
        // while both tallies' lines together fit in 32 bits, the packed counts add as they are (parts hold
        // disjoint objects). Only bigger merges go through the side table, which a merge of some 20,000
        // pairs, run once and mostly interpreted, would otherwise build from nothing.
        long[] oc = o.pairs.cells;
        for (int i : o.pairs.used()) {
            long k = o.pairs.key(i);
            long key = (long) fn[pairAccessor(k)] << 32 | cls[pairClass(k)];
            int e = pairs.offset(key);
            long[] c = pairs.cells;
            c[e + P_READS] += oc[i + P_READS];
            c[e + P_WRITES] += oc[i + P_WRITES];
            if (packed) {
                c[e + P_COUNTS] += oc[i + P_COUNTS];
            } else {
                addSpilled(key, o.lines(i), o.objects(i));
            }
        }
    }
}
