package dev.mzsh.kmap;

import java.nio.charset.StandardCharsets;

/**
 * One decoded kmap line, reused for every line of a file (a flyweight): a kmap has
 * hundreds of millions of lines and a new object per line would cost more than the
 * parsing. Valid only during the {@link KmapHandler} call that receives it; strings are
 * byte ranges of {@link #buffer()} so that handlers can count them without decoding.
 */
public final class KmapLine {
    /** The value of a pointer printed as a placeholder such as {@code (____ptrval____)}: the address is not known. */
    public static final long UNKNOWN_POINTER = -1L;

    byte[] buf;
    int start;
    /** Index of the terminating '\n'. */
    int end;

    // object line
    long allocIp;
    long size;
    long freeIp;
    /** Offset of the comma after free_ip: the seven fields every generation prints end there. */
    int fixedEnd;
    /** Pointer fields of this line that are hashed (no_hash_pointers was off) or the {@code (____ptrval____)} placeholder. */
    int hashed;
    /** Pointer fields of this line printed as {@code (null)} (4.x); their value is 0. */
    int nulls;
    // fields the summary does not need are kept as byte ranges and read only on request
    int pidStart;
    int pidEnd;
    int freeIndexStart;
    int freeIndexEnd;
    /** alloc_index as written (for the accesses CSV). */
    int allocIndexStart;

    int allocIndexEnd;
    /** alloc_type (empty in the oldest format, which has none). */
    int typeStart;

    int typeEnd;
    /**
     * alloc_type's first and last 8 bytes ({@link LineDecoder#head}, {@link LineDecoder#tail}), which
     * the access map's class memo compares. The decoder reads them: its fast path is compiled by C2
     * early, while the memo's method ran for the first half second in C1 code, whose VarHandle reads
     * are slow (measured: the access map's reading phase 3% shorter on the 1 GiB bench kmap).
     */
    long typeHead;

    long typeTail;
    /** command (current) or executable (legacy). */
    int commandStart;

    int commandEnd;
    int commandHash;
    long commandHead;
    long commandTail;
    int slabStart = -1;
    int slabEnd = -1;
    int slabHash;
    long slabHead;
    long slabTail;

    // access line
    long accessIp;
    long writes;
    long reads;
    int accessIpStart;
    int accessIpEnd;
    /** -1 when the access line has no pid (pre-v26 and 4.x lines, {@code from:} lines). */
    int accessPidStart = -1;

    int accessPidEnd = -1;
    /** A {@code from:} access line (an object of type NONE). */
    boolean from;

    int writesStart;
    int writesEnd;
    int readsStart;
    int readsEnd;

    public byte[] buffer() {
        return buf;
    }

    /** Offset of the line's first byte in {@link #buffer()}. */
    public int start() {
        return start;
    }

    /** Offset of the line's terminating newline in {@link #buffer()}. */
    public int end() {
        return end;
    }

    public long allocIp() {
        return allocIp;
    }

    public long pid() {
        return number(pidStart, pidEnd);
    }

    public long size() {
        return size;
    }

    public long allocIndex() {
        return number(allocIndexStart, allocIndexEnd);
    }

    public long freeIndex() {
        return number(freeIndexStart, freeIndexEnd);
    }

    public long freeIp() {
        return freeIp;
    }

    /** The command (the oldest format calls it executable); may hold commas. */
    public String command() {
        return text(commandStart, commandEnd);
    }

    /** The slab cache name; null in the 8- and 9-field formats, which have none. */
    public String slab() {
        return slabStart < 0 ? null : text(slabStart, slabEnd);
    }

    public long accessIp() {
        return accessIp;
    }

    public long writes() {
        return writes;
    }

    public long reads() {
        return reads;
    }

    /** Whether this access line has a pid ({@link #accessPid()}). */
    public boolean hasAccessPid() {
        return accessPidStart >= 0;
    }

    /** The access pid; -1 when the line has none (see {@link #hasAccessPid()}). */
    public long accessPid() {
        return accessPidStart < 0 ? -1 : number(accessPidStart, accessPidEnd);
    }

    /** Whether this is a {@code from:} access line. */
    public boolean isFrom() {
        return from;
    }

    /** A decimal the decoder has checked (at most 19 digits, in range), with an optional minus sign. */
    private long number(int from, int to) {
        boolean neg = buf[from] == '-';
        long v = 0;
        for (int i = neg ? from + 1 : from; i < to; i++) {
            v = v * 10 + (buf[i] - '0');
        }
        return neg ? -v : v;
    }

    private String text(int from, int to) {
        return new String(buf, from, to - from, StandardCharsets.UTF_8);
    }
}
