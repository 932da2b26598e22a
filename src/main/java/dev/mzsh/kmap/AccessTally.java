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

    /** Columns of {@link #widePairs}: exact reads, writes, access lines and distinct objects. */
    static final int P_READS = 1;

    static final int P_WRITES = 2;
    static final int P_LINES = 3;
    static final int P_OBJECTS = 4;
    /** The column of {@link #pairs} with a pair's lines in the high 16 bits, its objects in the low 16. */
    private static final int N_COUNTS = 3;

    private static final int LINE = 1 << 16;
    /** The key of a cell of {@link #pairs} moved for good by {@link #finish}: no pair's (accessor ids start at 1). */
    private static final int MOVED = 1;
    /** Ids of fewer bits (accessor function + 1, class) make a pair of {@link #pairs}; see {@link #accessAt}. */
    static final int NARROW_ID_BITS = 16;

    /**
     * Access pairs, key {@code (accessor function id + 1) << 16 | class id}: partial sums of
     * reads, writes, and lines << 16 | objects, as ints: 16 bytes a pair, looked up once per
     * access line. With some 20,000 pairs in a tally, 32-byte pairs (long key and sums) made a
     * table bigger than the L2 cache, and that, not the probing, was what the pairs cost. A cell
     * whose sums could overflow next (the sign bit of one set: reads or writes at 2^31 or more,
     * lines at 2^15) is moved into {@link #widePairs} at once, so that each sum read as unsigned is
     * exact; objects never exceed lines, so they never carry into them. A pair's totals are its
     * cell here plus its entry in {@link #widePairs} (see {@link #finish}).
     */
    final IntOpenTable pairs = new IntOpenTable(4);
    /**
     * Exact sums (longs), key {@code accessor function id << 32 | class id}: the cells moved out
     * of {@link #pairs}, and pairs whose ids do not fit it or lines whose reads or writes are too
     * big for it (neither seen in a kernel's kmap).
     */
    final OpenTable widePairs = new OpenTable(5);
    /**
     * Per accessing function id, the serial of the last object it accessed. An object's access
     * lines are contiguous and it has one class, so this says whether the pair has counted the
     * object yet without a column in every pair.
     */
    private long[] lastObject = new long[1024];
    /** {@link #NARROW_ID_BITS}, fewer in tests, to take the wide path with few functions. */
    private final int narrowIdBits;
    /** After {@link #finish}: every pair once, an offset into {@link #pairs} or ~offset into {@link #widePairs}. */
    private int[] finished;

    private long object;
    private int objectClass;

    long objects;
    long accessLines;
    long reads;
    long writes;
    long hashed;

    AccessTally(SymbolTable symbols) {
        this(symbols, NARROW_ID_BITS);
    }

    /** With pairs of ids of {@code narrowIdBits} bits or more in the wide table (fewer bits in tests). */
    AccessTally(SymbolTable symbols, int narrowIdBits) {
        if (narrowIdBits < 1 || narrowIdBits > NARROW_ID_BITS) {
            throw new IllegalArgumentException("narrowIdBits " + narrowIdBits);
        }
        this.symbols = symbols;
        this.narrowIdBits = narrowIdBits;
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
        long typeHead = l.typeHead;
        long typeTail = l.typeTail;
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
        int count = LINE;
        if (lo[fn] != object) {
            lo[fn] = object;
            count = LINE | 1;
        }
        int cls = objectClass;
        int fn1 = fn + 1;
        if (((r | w) >>> 31 | (fn1 | cls) >>> narrowIdBits) == 0) {
            int e = pairs.offset(fn1 << 16 | cls);
            int[] d = pairs.cells;
            int nr = d[e + P_READS] += (int) r;
            int nw = d[e + P_WRITES] += (int) w;
            int nc = d[e + N_COUNTS] += count;
            if ((nr | nw | nc) < 0) {
                moveWide(e);
            }
        } else {
            addWide((long) fn << 32 | cls, r, w, 1, count & 1);
        }
    }

    /**
     * Moves the cell at offset {@code e} of {@link #pairs} into {@link #widePairs} and zeroes it. Its
     * sums were below 2^31 (lines 2^15) before the last addition, which added less than that: read
     * as unsigned, they are exact.
     */
    private void moveWide(int e) {
        int[] d = pairs.cells;
        int c = d[e + N_COUNTS];
        addWide(
                wideKey(d[e]),
                Integer.toUnsignedLong(d[e + P_READS]),
                Integer.toUnsignedLong(d[e + P_WRITES]),
                c >>> 16,
                c & 0xffff);
        d[e + P_READS] = 0;
        d[e + P_WRITES] = 0;
        d[e + N_COUNTS] = 0;
    }

    private void addWide(long key, long r, long w, long lines, long objects) {
        int s = widePairs.offset(key);
        long[] c = widePairs.cells;
        c[s + P_READS] += r;
        c[s + P_WRITES] += w;
        c[s + P_LINES] += lines;
        c[s + P_OBJECTS] += objects;
    }

    /** The wide key of a key of {@link #pairs}. */
    private static long wideKey(int key) {
        return (long) ((key >>> 16) - 1) << 32 | (key & 0xffff);
    }

    /**
     * Adds a pair's sums (merging parts): into {@link #pairs} if its ids fit and the sums are below
     * its limits, so that the cell's sums stay below 2^32 (lines 2^16) and {@link #moveWide} keeps
     * them exact; else into {@link #widePairs}.
     */
    private void addPair(int fn, int cls, long r, long w, long lines, long objects) {
        int fn1 = fn + 1;
        if (((r | w) >>> 31 | lines >>> 15 | (fn1 | cls) >>> narrowIdBits) == 0) {
            int e = pairs.offset(fn1 << 16 | cls);
            int[] d = pairs.cells;
            int nr = d[e + P_READS] += (int) r;
            int nw = d[e + P_WRITES] += (int) w;
            int nc = d[e + N_COUNTS] += (int) (lines << 16 | objects);
            if ((nr | nw | nc) < 0) {
                moveWide(e);
            }
        } else {
            addWide((long) fn << 32 | cls, r, w, lines, objects);
        }
    }

    /**
     * Makes the pairs readable once the tally is complete: a pair in both tables has its cell of
     * {@link #pairs} added into its wide entry and left out, so that each pair is read from one
     * table. Wide entries are few (pairs with more than 2^15 lines in one part of a kmap, mostly).
     */
    void finish() {
        if (finished != null) {
            return;
        }
        int[] narrow = pairs.used();
        int[] wide = widePairs.used();
        int n = narrow.length;
        int[] d = pairs.cells;
        for (int o : wide) {
            long k = widePairs.key(o);
            int fn1 = pairAccessor(k) + 1;
            int cls = pairClass(k);
            int e = (fn1 | cls) >>> narrowIdBits == 0 ? pairs.find(fn1 << 16 | cls) : -1;
            if (e >= 0) {
                moveWide(e);
                d[e] = MOVED; // kept non-zero: the finds that follow probe past it
                n--;
            }
        }
        int[] all = new int[n + wide.length];
        int i = 0;
        for (int o : narrow) {
            if (d[o] != MOVED) {
                all[i++] = o;
            }
        }
        for (int o : wide) {
            all[i++] = ~o;
        }
        finished = all;
    }

    /** Every pair once (after {@link #finish}): an argument for {@link #pairKey}, {@link #reads} and the rest. */
    int[] finishedPairs() {
        finish();
        return finished;
    }

    /** A finished pair's key, {@code accessor function id << 32 | class id}. */
    long pairKey(int p) {
        return p >= 0 ? wideKey(pairs.cells[p]) : widePairs.key(~p);
    }

    long reads(int p) {
        return p >= 0 ? Integer.toUnsignedLong(pairs.cells[p + P_READS]) : widePairs.cells[~p + P_READS];
    }

    long writes(int p) {
        return p >= 0 ? Integer.toUnsignedLong(pairs.cells[p + P_WRITES]) : widePairs.cells[~p + P_WRITES];
    }

    long lines(int p) {
        return p >= 0 ? pairs.cells[p + N_COUNTS] >>> 16 : widePairs.cells[~p + P_LINES];
    }

    long objects(int p) {
        return p >= 0 ? pairs.cells[p + N_COUNTS] & 0xffff : widePairs.cells[~p + P_OBJECTS];
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
        // parts hold disjoint objects: their pairs' sums add up
        int[] oc = o.pairs.cells;
        for (int i : o.pairs.used()) {
            long k = wideKey(oc[i]);
            int c = oc[i + N_COUNTS];
            addPair(
                    fn[pairAccessor(k)],
                    cls[pairClass(k)],
                    Integer.toUnsignedLong(oc[i + P_READS]),
                    Integer.toUnsignedLong(oc[i + P_WRITES]),
                    c >>> 16,
                    c & 0xffff);
        }
        long[] ow = o.widePairs.cells;
        for (int i : o.widePairs.used()) {
            long k = o.widePairs.key(i);
            addWide(
                    (long) fn[pairAccessor(k)] << 32 | cls[pairClass(k)],
                    ow[i + P_READS],
                    ow[i + P_WRITES],
                    ow[i + P_LINES],
                    ow[i + P_OBJECTS]);
        }
    }
}
