package dev.mzsh.kmap;

/**
 * Decodes one kmap line from bytes, exactly to the grammar of memorizer-abi.md: lowercase
 * hex without 0x (at most 16 digits), unsigned and signed decimals, strings without commas,
 * access lines indented by two spaces. Works on the bytes in place: no String, no regex.
 * Every line handed in ends with '\n', which stops every field scan.
 */
final class LineDecoder {
    private static final byte[] HEX = new byte[256];

    static {
        java.util.Arrays.fill(HEX, (byte) -1);
        for (int c = '0'; c <= '9'; c++) {
            HEX[c] = (byte) (c - '0');
        }
        for (int c = 'a'; c <= 'f'; c++) {
            HEX[c] = (byte) (c - 'a' + 10);
        }
    }

    private static final String[] CURRENT_OBJECT = {"alloc_ip", "pid", "obj_va_ptr", "size", "alloc_index",
        "free_index", "free_ip", "alloc_type", "command", "slabname", "new_alloc_type"};
    private static final String[] LEGACY_OBJECT = {"alloc_ip", "pid", "obj_va_ptr", "size", "alloc_index",
        "free_index", "free_ip", "executable"};

    private final KmapFormat format;
    private final KmapLine line;
    private byte[] b;
    private int p;
    /** Which field (0-based) is being read, for error messages. */
    private int field;

    LineDecoder(KmapFormat format, KmapLine line) {
        this.format = format;
        this.line = line;
    }

    /**
     * Decodes the object line starting at {@code start}; returns the offset after its newline.
     * The fast path only tells good from bad; a bad line is decoded again, slowly, to say why.
     */
    int object(byte[] buf, int start) throws BadLine {
        int next = format == KmapFormat.CURRENT ? fastCurrentObject(buf, start) : -1;
        return next >= 0 ? next : explainObject(buf, start);
    }

    /** Decodes the access line starting at {@code start}; returns the offset after its newline. */
    int access(byte[] buf, int start) throws BadLine {
        int next = format == KmapFormat.CURRENT ? fastCurrentAccess(buf, start) : -1;
        return next >= 0 ? next : explainAccess(buf, start);
    }

    /** The common case, with every value in a local: the current format's object line, or -1. */
    private int fastCurrentObject(byte[] b, int start) {
        KmapLine l = line;
        byte[] hx = HEX;
        int p = start;
        int q;
        int d;
        long v;
        // alloc_ip
        v = 0;
        q = p;
        while ((d = hx[b[p] & 0xff]) >= 0) {
            v = v << 4 | d;
            p++;
        }
        if (p == q || p - q > 16 || b[p] != ',') {
            return -1;
        }
        l.allocIp = v;
        p++;
        // pid
        boolean neg = b[p] == '-';
        if (neg) {
            p++;
        }
        v = 0;
        q = p;
        while ((d = b[p] - '0') >= 0 && d <= 9) {
            v = v * 10 + d;
            p++;
        }
        if (p == q || p - q > 18 || b[p] != ',') {
            return -1;
        }
        l.pid = neg ? -v : v;
        p++;
        // obj_va_ptr
        q = p;
        while (hx[b[p] & 0xff] >= 0) {
            p++;
        }
        if (p == q || p - q > 16 || b[p] != ',') {
            return -1;
        }
        p++;
        // size
        v = 0;
        q = p;
        while ((d = b[p] - '0') >= 0 && d <= 9) {
            v = v * 10 + d;
            p++;
        }
        if (p == q || p - q > 18 || b[p] != ',') {
            return -1;
        }
        l.size = v;
        p++;
        // alloc_index
        v = 0;
        q = p;
        while ((d = b[p] - '0') >= 0 && d <= 9) {
            v = v * 10 + d;
            p++;
        }
        if (p == q || p - q > 18 || b[p] != ',') {
            return -1;
        }
        l.allocIndex = v;
        l.allocIndexStart = q;
        l.allocIndexEnd = p;
        p++;
        // free_index
        v = 0;
        q = p;
        while ((d = b[p] - '0') >= 0 && d <= 9) {
            v = v * 10 + d;
            p++;
        }
        if (p == q || p - q > 18 || b[p] != ',') {
            return -1;
        }
        l.freeIndex = v;
        p++;
        // free_ip
        v = 0;
        q = p;
        while ((d = hx[b[p] & 0xff]) >= 0) {
            v = v << 4 | d;
            p++;
        }
        if (p == q || p - q > 16 || b[p] != ',') {
            return -1;
        }
        l.freeIp = v;
        p++;
        // alloc_type
        l.typeStart = p;
        byte c;
        while ((c = b[p]) != ',' && c != '\n') {
            p++;
        }
        if (c != ',') {
            return -1;
        }
        l.typeEnd = p;
        p++;
        // command
        int h = 0;
        q = p;
        while ((c = b[p]) != ',' && c != '\n') {
            h = 31 * h + c;
            p++;
        }
        if (c != ',') {
            return -1;
        }
        l.commandStart = q;
        l.commandEnd = p;
        l.commandHash = h;
        p++;
        // slabname
        h = 0;
        q = p;
        while ((c = b[p]) != ',' && c != '\n') {
            h = 31 * h + c;
            p++;
        }
        if (c != ',') {
            return -1;
        }
        l.slabStart = q;
        l.slabEnd = p;
        l.slabHash = h;
        p++;
        // new_alloc_type
        while ((c = b[p]) != ',' && c != '\n') {
            p++;
        }
        if (c != '\n') {
            return -1;
        }
        l.buf = b;
        l.start = start;
        l.end = p;
        return p + 1;
    }

    /** The current format's access line ({@code   access_ip,write_count,read_count,access_pid}), or -1. */
    private int fastCurrentAccess(byte[] b, int start) {
        KmapLine l = line;
        byte[] hx = HEX;
        if (b[start + 1] != ' ') {
            return -1;
        }
        int p = start + 2;
        int q = p;
        int d;
        long v = 0;
        while ((d = hx[b[p] & 0xff]) >= 0) {
            v = v << 4 | d;
            p++;
        }
        if (p == q || p - q > 16 || b[p] != ',') {
            return -1;
        }
        l.accessIp = v;
        l.accessIpStart = q;
        l.accessIpEnd = p;
        p++;
        v = 0;
        q = p;
        while ((d = b[p] - '0') >= 0 && d <= 9) {
            v = v * 10 + d;
            p++;
        }
        if (p == q || p - q > 18 || b[p] != ',') {
            return -1;
        }
        l.writes = v;
        l.writesStart = q;
        l.writesEnd = p;
        p++;
        v = 0;
        q = p;
        while ((d = b[p] - '0') >= 0 && d <= 9) {
            v = v * 10 + d;
            p++;
        }
        if (p == q || p - q > 18 || b[p] != ',') {
            return -1;
        }
        l.reads = v;
        l.readsStart = q;
        l.readsEnd = p;
        p++;
        boolean neg = b[p] == '-';
        int ps = p;
        if (neg) {
            p++;
        }
        v = 0;
        q = p;
        while ((d = b[p] - '0') >= 0 && d <= 9) {
            v = v * 10 + d;
            p++;
        }
        if (p == q || p - q > 18 || b[p] != '\n') {
            return -1;
        }
        l.accessPid = neg ? -v : v;
        l.accessPidStart = ps;
        l.accessPidEnd = p;
        l.buf = b;
        l.start = start;
        l.end = p;
        return p + 1;
    }

    /** Decodes the object line field by field, naming the first field that is wrong. */
    private int explainObject(byte[] buf, int start) throws BadLine {
        b = buf;
        p = start;
        field = 0;
        KmapLine l = line;
        l.buf = buf;
        l.start = start;
        l.allocIp = hex();
        comma();
        l.pid = sdec();
        comma();
        hex(); // obj_va_ptr: checked, not kept
        comma();
        l.size = dec();
        comma();
        l.allocIndexStart = p;
        l.allocIndex = dec();
        l.allocIndexEnd = p;
        comma();
        l.freeIndex = dec();
        comma();
        l.freeIp = hex();
        comma();
        if (format == KmapFormat.CURRENT) {
            l.typeStart = p;
            l.typeEnd = string(',');
            comma();
            l.commandStart = p;
            int h = 0;
            byte c;
            while ((c = b[p]) != ',' && c != '\n') {
                h = 31 * h + c;
                p++;
            }
            l.commandEnd = p;
            l.commandHash = h;
            comma();
            l.slabStart = p;
            h = 0;
            while ((c = b[p]) != ',' && c != '\n') {
                h = 31 * h + c;
                p++;
            }
            l.slabEnd = p;
            l.slabHash = h;
            comma();
            string('\n');
        } else {
            l.typeStart = l.typeEnd = p;
            l.commandStart = p;
            int h = 0;
            byte c;
            while ((c = b[p]) != ',' && c != '\n') {
                h = 31 * h + c;
                p++;
            }
            l.commandEnd = p;
            l.commandHash = h;
            if (c != '\n') {
                throw tooMany(start);
            }
        }
        l.end = p;
        return p + 1;
    }

    /** Decodes the access line field by field, naming the first field that is wrong. */
    private int explainAccess(byte[] buf, int start) throws BadLine {
        b = buf;
        p = start;
        field = -1;
        KmapLine l = line;
        l.buf = buf;
        l.start = start;
        if (buf[start] != ' ' || buf[start + 1] != ' ' || buf[start + 2] == ' ') {
            throw new BadLine("access line must be indented by exactly two spaces");
        }
        p = start + 2;
        field = 0;
        l.accessIpStart = p;
        l.accessIp = hex();
        l.accessIpEnd = p;
        comma();
        if (format == KmapFormat.CURRENT) {
            l.writesStart = p;
            l.writes = dec();
            l.writesEnd = p;
            comma();
            l.readsStart = p;
            l.reads = dec();
            l.readsEnd = p;
            comma();
            l.accessPidStart = p;
            l.accessPid = sdec();
            l.accessPidEnd = p;
        } else {
            l.accessPidStart = p;
            l.accessPid = sdec();
            l.accessPidEnd = p;
            comma();
            l.writesStart = p;
            l.writes = dec();
            l.writesEnd = p;
            comma();
            l.readsStart = p;
            l.reads = dec();
            l.readsEnd = p;
        }
        if (b[p] != '\n') {
            throw b[p] == ',' ? new BadLine("access line has more than 4 fields (" + accessFields() + ")")
                    : new BadLine(what("is not a number"));
        }
        l.end = p;
        return p + 1;
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

    private long sdec() throws BadLine {
        if (b[p] == '-') {
            p++;
            return -dec();
        }
        return dec();
    }

    /** Skips a string field ending at {@code stop}; returns its end offset. */
    private int string(char stop) throws BadLine {
        byte c;
        while ((c = b[p]) != ',' && c != '\n') {
            p++;
        }
        if (c != stop) {
            throw stop == '\n' ? tooMany(line.start) : tooFew();
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
        return field < 0 || isAccess() ? new BadLine("access line has fewer than 4 fields (" + accessFields() + ")")
                : new BadLine("object line has " + fieldsOfLine() + " fields; the " + format.label()
                        + " format has " + format.fields() + " (" + String.join(",", names()) + ")");
    }

    private BadLine tooMany(int start) {
        return new BadLine("object line has " + fieldsOfLine() + " fields; the " + format.label()
                + " format has " + format.fields() + " (" + String.join(",", names()) + ")");
    }

    private boolean isAccess() {
        return b[line.start] == ' ';
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

    private String accessFields() {
        return format == KmapFormat.CURRENT ? "access_ip,write_count,read_count,access_pid"
                : "access_ip,access_pid,write_count,read_count";
    }

    private String[] names() {
        return format == KmapFormat.CURRENT ? CURRENT_OBJECT : LEGACY_OBJECT;
    }

    private String what(String problem) {
        String name;
        if (isAccess()) {
            name = accessFields().split(",")[Math.max(0, field)];
        } else {
            String[] n = names();
            name = field < n.length ? n[field] : "field " + (field + 1);
        }
        return "field " + (Math.max(0, field) + 1) + " (" + name + ") " + problem;
    }
}
