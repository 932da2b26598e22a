package dev.mzsh.kmap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes one kmap line from bytes, to the format strings of the Memorizer kernels
 * (docs/memorizer-abi.md, "The kmap format"): pointers as {@code %p} prints them
 * (lowercase hex without 0x, 16 zero-padded digits under no_hash_pointers, or a placeholder
 * such as {@code (null)} or {@code (____ptrval____)} padded to 16), alloc_ip as {@code %-p}
 * prints it (padded with trailing spaces to 16), unsigned and signed decimals, strings, access
 * lines indented by two spaces. The command is whatever lies between the fixed fields, commas
 * included. Works on the bytes in place: no String, no regex. Every line handed in ends with
 * '\n', which stops every field scan.
 */
final class LineDecoder {
    private static final byte[] HEX = new byte[256];
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH = 0x8080808080808080L;
    /** Eight '0' bytes: a hashed pointer prints as 00000000 and then 8 digits of hash. */
    private static final long ZEROS8 = 0x3030303030303030L;

    static {
        Arrays.fill(HEX, (byte) -1);
        for (int c = '0'; c <= '9'; c++) {
            HEX[c] = (byte) (c - '0');
        }
        for (int c = 'a'; c <= 'f'; c++) {
            HEX[c] = (byte) (c - 'a' + 10);
        }
    }

    private static final String[] FIXED = {
        "alloc_ip", "pid", "obj_va_ptr", "size", "alloc_index", "free_index", "free_ip"
    };

    private final KmapFormat format;
    private final KmapFormat.AccessShape shape;
    /** Whether the fast path may take object lines (11 fields) and access lines (ip,writes,reads[,pid]). */
    private final boolean fastObjects;

    private final boolean fastAccesses;
    /**
     * Whether an object line's size, free_ip and command are only checked, not worked out (for
     * the access map, which uses none of them): every line is still checked as strictly, and a
     * line the fast path refuses is decoded in full by {@link #explainObject}, which says what is
     * wrong. One thread, 256 MB bench kmap, decoding alone: about 4% less CPU.
     */
    private final boolean lean;

    private final KmapLine line;
    private byte[] b;
    private int p;
    /** Which field (0-based) is being read, for error messages. */
    private int field;

    LineDecoder(KmapFormat format, KmapLine line) {
        this(format, line, false);
    }

    /** {@code lean}: object lines' size, free_ip and command are checked, not set in {@code line}. */
    LineDecoder(KmapFormat format, KmapLine line, boolean lean) {
        this.lean = lean;
        this.format = format == KmapFormat.NONE ? KmapFormat.ELEVEN : format;
        this.shape = this.format.access();
        this.fastObjects = this.format.fields() == 11;
        this.fastAccesses = shape == KmapFormat.AccessShape.PID_LAST
                || shape == KmapFormat.AccessShape.EITHER
                || shape == KmapFormat.AccessShape.NO_PID;
        this.line = line;
    }

    /**
     * Decodes the object line starting at {@code start}; returns the offset after its newline.
     * The fast path (11 fields, hex pointers) only tells good from bad;
     * a line it does not take is decoded again, field by field, which also says what is wrong.
     */
    int object(byte[] buf, int start) throws BadLine {
        int next = fastObjects ? fastCurrentObject(buf, start) : -1;
        return next >= 0 ? next : explainObject(buf, start);
    }

    /** Decodes the access line (or accesses CSV row) starting at {@code start}; returns the offset after its newline. */
    int access(byte[] buf, int start) throws BadLine {
        int next = fastAccesses ? fastCurrentAccess(buf, start) : -1;
        return next >= 0 ? next : explainAccess(buf, start);
    }

    /**
     * Whether the line at {@code start}, which begins with a space, is an object line whose
     * alloc_ip is a right-justified placeholder: 4.x and older print a NULL {@code %p} as
     * {@code (null)} padded with leading spaces to 16 characters.
     */
    static boolean isPaddedPlaceholderObject(byte[] b, int start) {
        int q = start;
        while (b[q] == ' ') {
            q++;
        }
        if (b[q] != '(') {
            return false;
        }
        int r = q + 1;
        while (isPlaceholderChar(b[r])) {
            r++;
        }
        return b[r] == ')' && r + 1 - start == 16 && b[r + 1] == ',';
    }

    /** The common case, with every value in a local: the current format's object line, or -1. */
    int fastCurrentObject(byte[] b, int start) {
        KmapLine l = line;
        byte[] hx = HEX;
        int p = start;
        int q;
        int d;
        int n;
        long v;
        long x;
        // alloc_ip (%-p: a short value is padded with trailing spaces to 16 characters)
        q = p;
        if ((v = hex16(b, p)) != -1) {
            p += 16;
        } else {
            v = 0;
            while ((d = hx[b[p] & 0xff]) >= 0) {
                v = v << 4 | d;
                p++;
            }
            if (b[p] == ' ' && p != q) {
                int digitsEnd = p;
                while (b[p] == ' ') {
                    p++;
                }
                if (p - q != 16 || digitsEnd - q >= 16) {
                    return -1;
                }
            }
        }
        if (p == q || p - q > 16 || b[p] != ',') {
            return -1;
        }
        l.allocIp = v;
        p++;
        // pid (only checked here; KmapLine reads the value from its bytes if asked)
        l.pidStart = p;
        if (b[p] == '-') {
            p++;
        }
        q = p;
        p += digits(b, p);
        if (p == q || p - q > 18 || b[p] != ',') {
            return -1;
        }
        l.pidEnd = p;
        p++;
        // obj_va_ptr (checked, not kept; 16 digits of which the first 8 are zeros and not all
        // of them is a hashed pointer: no kernel object lies below 4 GiB)
        q = p;
        int hashed = 0;
        if (isHex16(b, p)) {
            if ((long) LONG_LE.get(b, p) == ZEROS8 && (long) LONG_LE.get(b, p + 8) != ZEROS8) {
                hashed = 1;
            }
            p += 16;
        } else {
            while (hx[b[p] & 0xff] >= 0) {
                p++;
            }
        }
        if (p == q || p - q > 16 || b[p] != ',') {
            return -1;
        }
        p++;
        // size
        q = p;
        if (lean) {
            p += digits(b, p);
            v = 0;
        } else {
            x = word(b, p);
            if ((n = decimalDigits(x)) != 0) {
                v = decimalValue(x, n);
                p += n;
            } else {
                v = 0;
                while ((d = b[p] - '0') >= 0 && d <= 9) {
                    v = v * 10 + d;
                    p++;
                }
            }
        }
        if (p == q || p - q > 18 || b[p] != ',') {
            return -1;
        }
        l.size = v;
        p++;
        // alloc_index
        q = p;
        p += digits(b, p);
        if (p == q || p - q > 18 || b[p] != ',') {
            return -1;
        }
        l.allocIndexStart = q;
        l.allocIndexEnd = p;
        p++;
        // free_index
        q = p;
        p += digits(b, p);
        if (p == q || p - q > 18 || b[p] != ',') {
            return -1;
        }
        l.freeIndexStart = q;
        l.freeIndexEnd = p;
        p++;
        // free_ip
        q = p;
        if (lean && isHex16(b, p)) {
            v = 0;
            p += 16;
        } else if ((v = hex16(b, p)) != -1) {
            p += 16;
        } else {
            v = 0;
            while ((d = hx[b[p] & 0xff]) >= 0) {
                v = v << 4 | d;
                p++;
            }
        }
        if (p == q || p - q > 16 || b[p] != ',') {
            return -1;
        }
        l.freeIp = v;
        l.fixedEnd = p;
        p++;
        // alloc_type,command,slabname,new_alloc_type: the delimiters of all four at once when
        // they fit in the next 64 bytes (no loop per field, whose varying length the CPU
        // cannot predict), else one field at a time
        int t1;
        int t2;
        int t3;
        int t4;
        long mask = p + 64 <= b.length ? delimiters64(b, p) : 0;
        if (Long.bitCount(mask) >= 4) {
            t1 = p + Long.numberOfTrailingZeros(mask);
            mask &= mask - 1;
            t2 = p + Long.numberOfTrailingZeros(mask);
            mask &= mask - 1;
            t3 = p + Long.numberOfTrailingZeros(mask);
            mask &= mask - 1;
            t4 = p + Long.numberOfTrailingZeros(mask);
        } else {
            t1 = delimiter(b, p);
            t2 = b[t1] == ',' ? delimiter(b, t1 + 1) : t1;
            t3 = b[t2] == ',' ? delimiter(b, t2 + 1) : t2;
            t4 = b[t3] == ',' ? delimiter(b, t3 + 1) : t3;
        }
        if (b[t1] != ',' || b[t2] != ',' || b[t3] != ',') {
            return -1;
        }
        if (b[t4] != '\n') {
            // a command with commas (a task may name itself so): the command is whatever lies
            // between alloc_type and the last two fields, as in explainObject
            int before = t3;
            int last = t4;
            int end = delimiter(b, t4 + 1);
            while (b[end] == ',') {
                before = last;
                last = end;
                end = delimiter(b, end + 1);
            }
            t2 = before;
            t3 = last;
            t4 = end;
        }
        l.typeStart = p;
        l.typeEnd = t1;
        long head = head(b, p, t1);
        l.typeHead = head;
        l.typeTail = tail(b, p, t1, head);
        l.commandStart = t1 + 1;
        l.commandEnd = t2;
        long tail;
        if (!lean) {
            head = head(b, t1 + 1, t2);
            tail = tail(b, t1 + 1, t2, head);
            l.commandHead = head;
            l.commandTail = tail;
            l.commandHash = hash(head, tail, t2 - t1 - 1);
        }
        l.slabStart = t2 + 1;
        l.slabEnd = t3;
        head = head(b, t2 + 1, t3);
        tail = tail(b, t2 + 1, t3, head);
        l.slabHead = head;
        l.slabTail = tail;
        l.slabHash = hash(head, tail, t3 - t2 - 1);
        p = t4;
        l.hashed = hashed;
        l.nulls = 0;
        l.buf = b;
        l.start = start;
        l.end = p;
        return p + 1;
    }

    /** An access line {@code   access_ip,write_count,read_count[,access_pid]} as the format has it, or -1. */
    int fastCurrentAccess(byte[] b, int start) {
        KmapLine l = line;
        byte[] hx = HEX;
        if (b[start + 1] != ' ') {
            return -1;
        }
        int p = start + 2;
        int q = p;
        int d;
        int n;
        long v;
        long x;
        if ((v = hex16(b, p)) != -1) {
            p += 16;
        } else {
            v = 0;
            while ((d = hx[b[p] & 0xff]) >= 0) {
                v = v << 4 | d;
                p++;
            }
        }
        if (p == q || p - q > 16 || b[p] != ',') {
            return -1;
        }
        l.accessIp = v;
        l.accessIpStart = q;
        l.accessIpEnd = p;
        p++;
        q = p;
        x = word(b, p);
        if ((n = decimalDigits(x)) != 0) {
            v = decimalValue(x, n);
            p += n;
        } else {
            v = 0;
            while ((d = b[p] - '0') >= 0 && d <= 9) {
                v = v * 10 + d;
                p++;
            }
        }
        if (p == q || p - q > 18 || b[p] != ',') {
            return -1;
        }
        l.writes = v;
        l.writesStart = q;
        l.writesEnd = p;
        p++;
        q = p;
        x = word(b, p);
        if ((n = decimalDigits(x)) != 0) {
            v = decimalValue(x, n);
            p += n;
        } else {
            v = 0;
            while ((d = b[p] - '0') >= 0 && d <= 9) {
                v = v * 10 + d;
                p++;
            }
        }
        if (p == q || p - q > 18 || b[p] != ',') {
            if (p != q && p - q <= 18 && b[p] == '\n' && shape != KmapFormat.AccessShape.PID_LAST) {
                l.reads = v;
                l.readsStart = q;
                l.readsEnd = p;
                l.accessPidStart = l.accessPidEnd = -1;
                l.hashed = 0;
                l.nulls = 0;
                l.from = false;
                l.buf = b;
                l.start = start;
                l.end = p;
                return p + 1;
            }
            return -1;
        }
        l.reads = v;
        l.readsStart = q;
        l.readsEnd = p;
        l.hashed = 0;
        l.nulls = 0;
        l.from = false;
        l.buf = b;
        l.start = start;
        return shape == KmapFormat.AccessShape.NO_PID ? -1 : accessPid(b, p, start);
    }

    /** The pid after the reads of the fast access path, at the comma {@code p}; or -1. */
    private int accessPid(byte[] b, int p, int start) {
        KmapLine l = line;
        int q;
        p++;
        int ps = p;
        if (b[p] == '-') {
            p++;
        }
        q = p;
        p += digits(b, p);
        if (p == q || p - q > 18 || b[p] != '\n') {
            return -1;
        }
        l.accessPidStart = ps;
        l.accessPidEnd = p;
        l.buf = b;
        l.start = start;
        l.end = p;
        return p + 1;
    }

    // Word-at-a-time helpers. A range check of all 8 bytes of a little-endian long at once: the
    // high bit of c+0x50 is set iff c >= '0', of c+0x46 iff c > '9', of c+0x1f iff c >= 'a', of
    // c+0x19 iff c > 'f' (no carries between bytes since bytes >= 0x80 are refused). A hex
    // digit's value is (c & 0xf) + 9 * (bit 6 of c).

    /** The 8 bytes at b[p..] as a little-endian long; 0 (no digits) too near the end of the array. */
    private static long word(byte[] b, int p) {
        return p + 8 <= b.length ? (long) LONG_LE.get(b, p) : 0;
    }

    /**
     * How many decimal digits the word {@code x} (see {@link #word}) starts with when there are 1
     * to 7, else 0 (none, or 8 or more: the byte loop decides). The first non-digit is found in
     * the whole word at once (same range check as {@link #isHex16}). Apart from
     * {@link #decimalValue} on purpose: the next field's offset then waits for this short
     * computation only, not for the value's chain of multiplies (with both in one result, that
     * chain held up every following field of the line).
     */
    private static int decimalDigits(long x) {
        long nonDigit = (~(x + 0x50 * ONES) | (x + 0x46 * ONES)) & HIGH;
        return (Long.numberOfTrailingZeros(nonDigit) >>> 3) & 7; // 8 (no non-digit) is 0
    }

    /**
     * The value of the first {@code len} (1 to 7) decimal digits of the word {@code x}: the digits
     * are shifted to the top of the word and combined pairwise, 2 digits per 16 bits, 4 per 32, 8
     * per 64.
     */
    private static long decimalValue(long x, int len) {
        long v = (x & 0x0f0f0f0f0f0f0f0fL) << ((8 - len) << 3);
        v = (v * 10 + (v >>> 8)) & 0x00ff00ff00ff00ffL;
        v = (v * 100 + (v >>> 16)) & 0x0000ffff0000ffffL;
        return (v * 10000 + (v >>> 32)) & 0xffffffffL;
    }

    /** Number of decimal digits at b[p..], found 8 bytes at a time (the check of {@link #decimalDigits}, no value). */
    private static int digits(byte[] b, int p) {
        int n = 0;
        while (p + n + 8 <= b.length) {
            long x = (long) LONG_LE.get(b, p + n);
            long nonDigit = (~(x + 0x50 * ONES) | (x + 0x46 * ONES)) & HIGH;
            if (nonDigit != 0) {
                return n + (Long.numberOfTrailingZeros(nonDigit) >>> 3);
            }
            n += 8;
        }
        int d;
        while ((d = b[p + n] - '0') >= 0 && d <= 9) {
            n++;
        }
        return n;
    }

    /**
     * Bit i set iff b[p + i] is ',' or '\n', for i in 0..63 (exact per byte: the
     * {@code ~(((x & 0x7f..) + 0x7f..) | x | 0x7f..)} zero-byte test has no false positives;
     * the multiply gathers the 8 high bits of a word into one byte).
     */
    static long delimiters64(byte[] b, int p) {
        long mask = 0;
        for (int w = 0; w < 8; w++) {
            long x = (long) LONG_LE.get(b, p + (w << 3));
            long c = x ^ 0x2c2c2c2c2c2c2c2cL;
            long n = x ^ 0x0a0a0a0a0a0a0a0aL;
            long zc = ~(((c & 0x7f7f7f7f7f7f7f7fL) + 0x7f7f7f7f7f7f7f7fL) | c | 0x7f7f7f7f7f7f7f7fL);
            long zn = ~(((n & 0x7f7f7f7f7f7f7f7fL) + 0x7f7f7f7f7f7f7f7fL) | n | 0x7f7f7f7f7f7f7f7fL);
            long bits = ((zc | zn) * 0x0002040810204081L) >>> 56;
            mask |= bits << (w << 3);
        }
        return mask;
    }

    /** Offset of the first ',' or '\n' at or after p, looking at 8 bytes at a time. */
    private static int delimiter(byte[] b, int p) {
        while (p + 8 <= b.length) {
            long x = (long) LONG_LE.get(b, p);
            long c = x ^ 0x2c2c2c2c2c2c2c2cL;
            long n = x ^ 0x0a0a0a0a0a0a0a0aL;
            long m = ((c - ONES) & ~c | (n - ONES) & ~n) & HIGH;
            if (m != 0) {
                return p + (Long.numberOfTrailingZeros(m) >>> 3);
            }
            p += 8;
        }
        byte c;
        while ((c = b[p]) != ',' && c != '\n') {
            p++;
        }
        return p;
    }

    /**
     * The first 8 bytes of b[from..to) as a little-endian long, fewer (zero-filled) when
     * shorter. With {@link #tail} and the length it identifies a name of up to 16 bytes
     * exactly, so tables compare two longs instead of bytes; it also feeds the hash.
     */
    static long head(byte[] b, int from, int to) {
        int len = to - from;
        if (from + 8 <= b.length) {
            long x = (long) LONG_LE.get(b, from);
            return len >= 8 ? x : x & ((1L << (len << 3)) - 1);
        }
        long v = 0;
        for (int i = Math.min(len, 8) - 1; i >= 0; i--) {
            v = v << 8 | (b[from + i] & 0xff);
        }
        return v;
    }

    /** The last 8 bytes of b[from..to) (overlapping the head when shorter than 16); the head when shorter than 8. */
    static long tail(byte[] b, int from, int to, long head) {
        return to - from >= 8 ? (long) LONG_LE.get(b, to - 8) : head;
    }

    /** Hash of a name from its head, tail and length; both decoders and the tables use only this. */
    static int hash(long head, long tail, int len) {
        long h = (head * 0x9E3779B97F4A7C15L) ^ Long.rotateLeft(tail * 0xC2B2AE3D27D4EB4FL, 31) ^ len;
        return (int) (h ^ h >>> 32);
    }

    /** Whether b[p..p+16) are 16 lowercase hex digits followed by a comma; kernel addresses are most of a kmap's bytes. */
    private static boolean isHex16(byte[] b, int p) {
        if (p + 17 > b.length || b[p + 16] != ',') {
            return false;
        }
        long x = (long) LONG_LE.get(b, p);
        long y = (long) LONG_LE.get(b, p + 8);
        long ok = ((x + 0x50 * ONES) & ~(x + 0x46 * ONES) | (x + 0x1f * ONES) & ~(x + 0x19 * ONES))
                & ((y + 0x50 * ONES) & ~(y + 0x46 * ONES) | (y + 0x1f * ONES) & ~(y + 0x19 * ONES));
        return (ok & HIGH) == HIGH && ((x | y) & HIGH) == 0;
    }

    /** A 16-digit hex field at b[p..p+16) followed by a comma, or -1 (then the byte loop decides). */
    private static long hex16(byte[] b, int p) {
        if (!isHex16(b, p)) {
            return -1;
        }
        return value8((long) LONG_LE.get(b, p)) << 32 | value8((long) LONG_LE.get(b, p + 8));
    }

    /** The value of 8 checked lowercase hex digits (first digit in the low byte). */
    private static long value8(long x) {
        long n = (x & 0x0f0f0f0f0f0f0f0fL) + 9 * ((x >>> 6) & ONES);
        n = (n << 4 | n >>> 8) & 0x00ff00ff00ff00ffL;
        n = (n << 8 | n >>> 16) & 0x0000ffff0000ffffL;
        return (n << 16 | n >>> 32) & 0xffffffffL;
    }

    /** Decodes the object line field by field, naming the first field that is wrong. */
    int explainObject(byte[] buf, int start) throws BadLine {
        b = buf;
        p = start;
        field = 0;
        KmapLine l = line;
        l.buf = buf;
        l.start = start;
        l.hashed = 0;
        l.nulls = 0;
        l.allocIp = pointer(format.hasType()); // %-p in every format with alloc_type
        comma();
        l.pidStart = p;
        sdec();
        l.pidEnd = p;
        comma();
        int va = p;
        long v = pointer(false); // obj_va_ptr: checked, not kept
        if (p - va == 16 && v != 0 && v >>> 32 == 0) {
            l.hashed++;
        }
        comma();
        l.size = dec();
        comma();
        l.allocIndexStart = p;
        dec();
        l.allocIndexEnd = p;
        comma();
        l.freeIndexStart = p;
        dec();
        l.freeIndexEnd = p;
        comma();
        l.freeIp = pointer(false);
        l.fixedEnd = p;
        comma();
        int nl = p;
        while (b[nl] != '\n') {
            nl++;
        }
        l.slabStart = l.slabEnd = -1;
        if (!format.hasType()) {
            l.typeStart = l.typeEnd = p;
            l.typeHead = l.typeTail = 0;
            l.commandStart = p;
            l.commandEnd = nl;
        } else {
            l.typeStart = p;
            l.typeEnd = string();
            l.typeHead = head(b, l.typeStart, l.typeEnd);
            l.typeTail = tail(b, l.typeStart, l.typeEnd, l.typeHead);
            comma();
            l.commandStart = p;
            int last = lastComma(p, nl);
            if (format.fields() == 9) {
                l.commandEnd = nl;
            } else if (format.fields() == 10) {
                if (last < 0) {
                    throw tooFew();
                }
                l.commandEnd = last;
                slab(last + 1, nl);
            } else {
                int before = last < 0 ? -1 : lastComma(p, last);
                if (before < 0) {
                    throw tooFew();
                }
                l.commandEnd = before;
                slab(before + 1, last);
            }
        }
        keyCommand(l);
        p = nl;
        l.end = p;
        return p + 1;
    }

    /** The last comma in b[from..to), or -1. */
    private int lastComma(int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (b[i] == ',') {
                return i;
            }
        }
        return -1;
    }

    private void slab(int from, int to) {
        KmapLine l = line;
        l.slabStart = from;
        l.slabEnd = to;
        l.slabHead = head(b, from, to);
        l.slabTail = tail(b, from, to, l.slabHead);
        l.slabHash = hash(l.slabHead, l.slabTail, to - from);
    }

    private void keyCommand(KmapLine l) {
        l.commandHead = head(b, l.commandStart, l.commandEnd);
        l.commandTail = tail(b, l.commandStart, l.commandEnd, l.commandHead);
        l.commandHash = hash(l.commandHead, l.commandTail, l.commandEnd - l.commandStart);
    }

    /** Decodes the access line (or accesses CSV row) field by field, naming the first field that is wrong. */
    int explainAccess(byte[] buf, int start) throws BadLine {
        b = buf;
        p = start;
        field = -1;
        KmapLine l = line;
        l.buf = buf;
        l.start = start;
        l.hashed = 0;
        l.nulls = 0;
        l.from = false;
        l.accessPidStart = l.accessPidEnd = -1;
        KmapFormat.AccessShape s = shape;
        boolean csv = s == KmapFormat.AccessShape.CSV_PID || s == KmapFormat.AccessShape.CSV_NO_PID;
        if (csv) {
            field = 0;
            l.allocIndexStart = p;
            dec();
            l.allocIndexEnd = p;
            comma();
        } else {
            if (buf[start] != ' ' || buf[start + 1] != ' ') {
                throw new BadLine("access line must be indented by exactly two spaces");
            }
            p = start + 2;
            field = 0;
            if (startsWith("from:")) {
                l.from = true;
                p += 5;
            }
            if (b[p] == ' ' && !isPaddedPlaceholder(p)) {
                throw new BadLine("access line must be indented by exactly two spaces");
            }
        }
        l.accessIpStart = p;
        l.accessIp = pointer(false);
        l.accessIpEnd = p;
        comma();
        if (l.from && startsWith("caller:")) { // 4.x with track_calling_context: the caller is not kept
            p += 7;
            pointer(false);
            comma();
        }
        if (s == KmapFormat.AccessShape.PID_SECOND || s == KmapFormat.AccessShape.CSV_PID) {
            l.accessPidStart = p;
            if (s == KmapFormat.AccessShape.CSV_PID) {
                u64(); // %llu: -1 prints as 18446744073709551615, which reads back as -1
            } else {
                sdec();
            }
            l.accessPidEnd = p;
            comma();
        }
        l.writesStart = p;
        l.writes = dec();
        l.writesEnd = p;
        comma();
        l.readsStart = p;
        l.reads = dec();
        l.readsEnd = p;
        boolean pidLast =
                s == KmapFormat.AccessShape.PID_LAST && !l.from || s == KmapFormat.AccessShape.EITHER && b[p] == ',';
        if (pidLast) {
            comma();
            l.accessPidStart = p;
            sdec();
            l.accessPidEnd = p;
        }
        if (b[p] != '\n') {
            throw b[p] == ','
                    ? new BadLine("access line has more than " + (field + 1) + " fields (" + accessFields() + ")")
                    : new BadLine(what("is not a number"));
        }
        l.end = p;
        return p + 1;
    }

    private boolean startsWith(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (b[p + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A pointer field: hex digits (at most 16; {@code leftPadded}: followed by spaces up to 16
     * characters, as {@code %-p} prints a short value), or a placeholder in parentheses padded to
     * 16 on either side. {@code (null)} is 0; any other placeholder (the hashing key was not
     * ready) is {@link KmapLine#UNKNOWN_POINTER} and counts as hashed.
     */
    private long pointer(boolean leftPadded) throws BadLine {
        int from = p;
        byte c = b[p];
        if (c == ' ' || c == '(') {
            return placeholder(from);
        }
        long v = hex();
        if (b[p] == ' ') {
            if (!leftPadded) {
                throw new BadLine(what("has spaces after its digits (only alloc_ip is padded, by %-p)"));
            }
            while (b[p] == ' ') {
                p++;
            }
            if (p - from != 16) {
                throw new BadLine(what("is padded to " + (p - from) + " characters; %-p pads to 16"));
            }
        }
        return v;
    }

    private long placeholder(int from) throws BadLine {
        while (b[p] == ' ') {
            p++;
        }
        int lead = p - from;
        if (b[p] != '(') {
            throw new BadLine(what("is not lowercase hexadecimal"));
        }
        int q = p + 1;
        while (isPlaceholderChar(b[q])) {
            q++;
        }
        if (b[q] != ')') {
            throw new BadLine(what("is not lowercase hexadecimal or a placeholder such as (null)"));
        }
        boolean isNull = q - p == 5 && b[p + 1] == 'n' && b[p + 2] == 'u' && b[p + 3] == 'l' && b[p + 4] == 'l';
        p = q + 1;
        if (lead == 0) {
            while (b[p] == ' ') {
                p++;
            }
        }
        int width = p - from;
        int len = q + 1 - from - lead;
        if (width != len && !(len < 16 && width == 16)) {
            throw new BadLine(what("is padded to " + width + " characters; %p pads to 16"));
        }
        if (isNull) {
            line.nulls++;
            return 0;
        }
        line.hashed++;
        return KmapLine.UNKNOWN_POINTER;
    }

    private boolean isPaddedPlaceholder(int at) {
        int q = at;
        while (b[q] == ' ') {
            q++;
        }
        return b[q] == '(';
    }

    private static boolean isPlaceholderChar(byte c) {
        return c >= 'a' && c <= 'z' || c == '_';
    }

    private long hex() throws BadLine {
        byte[] b = this.b;
        int p = this.p;
        int from = p;
        long v = 0;
        int d;
        while ((d = HEX[b[p] & 0xff]) >= 0) {
            v = v << 4 | d;
            p++;
        }
        int n = p - from;
        this.p = p;
        if (n == 0 || n > 16) {
            throw new BadLine(n == 0 ? what("is not lowercase hexadecimal") : what("has more than 16 hex digits"));
        }
        return v;
    }

    private long dec() throws BadLine {
        byte[] b = this.b;
        int p = this.p;
        int from = p;
        long v = 0;
        int d;
        while ((d = b[p] - '0') >= 0 && d <= 9) {
            v = v * 10 + d;
            p++;
        }
        int n = p - from;
        this.p = p;
        if (n == 0 || n > 18 && (n > 19 || v < 0)) {
            throw new BadLine(n == 0 ? what("is not an unsigned decimal number") : what("is too large"));
        }
        return v;
    }

    /** An unsigned 64-bit decimal ({@code %llu}), up to 18446744073709551615. */
    private void u64() throws BadLine {
        int from = p;
        while (b[p] >= '0' && b[p] <= '9') {
            p++;
        }
        int n = p - from;
        if (n == 0) {
            throw new BadLine(what("is not an unsigned decimal number"));
        }
        if (n > 20
                || n == 20 && new String(b, from, n, StandardCharsets.US_ASCII).compareTo("18446744073709551615") > 0) {
            throw new BadLine(what("is too large"));
        }
    }

    private long sdec() throws BadLine {
        if (b[p] == '-') {
            p++;
            return -dec();
        }
        return dec();
    }

    /** Skips a string field up to the next comma (which must come before the newline); returns its end offset. */
    private int string() throws BadLine {
        byte c;
        while ((c = b[p]) != ',' && c != '\n') {
            p++;
        }
        if (c != ',') {
            throw tooFew();
        }
        return p;
    }

    private void comma() throws BadLine {
        if (b[p] != ',') {
            throw b[p] == '\n' ? tooFew() : new BadLine(what("has unexpected characters"));
        }
        p++;
        field++;
    }

    private BadLine tooFew() {
        return isAccess()
                ? new BadLine("access line has fewer than " + accessNames().length + " fields (" + accessFields() + ")")
                : new BadLine("object line has " + fieldsOfLine() + " fields; the " + format.label() + " format has "
                        + format.fields() + " (" + String.join(",", names()) + ")");
    }

    private boolean isAccess() {
        return format.fields() == 0 || b[line.start] == ' ' && !isPaddedPlaceholderObject(b, line.start);
    }

    private int fieldsOfLine() {
        int n = 1;
        for (int i = line.start; b[i] != '\n'; i++) {
            if (b[i] == ',') {
                n++;
            }
        }
        return n;
    }

    private String[] accessNames() {
        return switch (shape) {
            case PID_LAST ->
                line.from
                        ? new String[] {"from:access_ip", "write_count", "read_count"}
                        : new String[] {"access_ip", "write_count", "read_count", "access_pid"};
            case PID_SECOND -> new String[] {"access_ip", "access_pid", "write_count", "read_count"};
            case CSV_PID -> new String[] {"alloc_index", "access_ip", "pid", "writes", "reads"};
            case CSV_NO_PID -> new String[] {"alloc_index", "access_ip", "writes", "reads"};
            case EITHER -> new String[] {"access_ip", "write_count", "read_count", "[access_pid]"};
            default -> new String[] {"access_ip", "write_count", "read_count"};
        };
    }

    private String accessFields() {
        return String.join(",", accessNames());
    }

    private String[] names() {
        String[] tail = switch (format.fields()) {
            case 8 -> new String[] {"executable"};
            case 9 -> new String[] {"alloc_type", "command"};
            case 10 -> new String[] {"alloc_type", "command", "slabname"};
            default -> new String[] {"alloc_type", "command", "slabname", "new_alloc_type"};
        };
        String[] all = Arrays.copyOf(FIXED, FIXED.length + tail.length);
        System.arraycopy(tail, 0, all, FIXED.length, tail.length);
        return all;
    }

    private String what(String problem) {
        String name;
        if (isAccess()) {
            String[] n = accessNames();
            name = field < n.length ? n[Math.max(0, field)] : "field " + (field + 1);
        } else {
            String[] n = names();
            name = field < n.length ? n[field] : "field " + (field + 1);
        }
        return "field " + (Math.max(0, field) + 1) + " (" + name + ") " + problem;
    }
}
