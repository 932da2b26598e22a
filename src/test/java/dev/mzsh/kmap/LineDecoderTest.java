package dev.mzsh.kmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The word-at-a-time fast path must decode exactly what the field-by-field decoder does, and refuse the rest. */
class LineDecoderTest {
    private static final String[] HEXES = {
        "0",
        "f",
        "14",
        "feedbeef",
        "deadbeef",
        "fedbeef",
        "ffffffffffffffff",
        "ffffffff96b75b8b",
        "0000000000000000",
        "8000000000000000",
        "123456789abcdef",
        "1ffffffff96b75b8b",
        "FFFF",
        "g",
        "",
        "123456789",
        "fffffffffffffff",
        "a:b",
        "9\u00ff",
        "\u00b0ff",
        "ffffffff\u00e6fffffff",
        "12 4",
        // as %-p and %p print them: padded to 16, placeholders, hashed
        String.format("%-16s", "feedbeef"),
        String.format("%-16s", "14"),
        String.format("%-16s", "0"),
        "feedbeef   ",
        "00000000deadbeef",
        "000000005e1f00d2",
        "(null)          ",
        "          (null)",
        "(____ptrval____)",
        "(null)",
        "(x"
    };
    private static final String[] DECS = {
        "0",
        "7",
        "42",
        "1234567",
        "12345678",
        "123456789",
        "9223372036854775807",
        "9223372036854775808",
        "007",
        "",
        "1a",
        "-3",
        "12345678901234567",
        "123456789012345678",
        "1234567890123456789",
        "1234567890123456\u00b9",
        "1 2",
        "5\u00ba"
    };
    private static final String[] STRS = {"", "ls", "kworker/0:1", "names_cache", "a_rather_long_cache_name", "no-slab"
    };
    /** Commands are printed verbatim: a task can name itself with commas. */
    private static final String[] COMMANDS = {
        "", "ls", "kworker/0:1", "my,tool", "a,b,c", ",", "a_rather,long,command,name"
    };

    private record Decoded(
            int next,
            long allocIp,
            long pid,
            long size,
            long allocIndex,
            long freeIndex,
            long freeIp,
            String type,
            long typeHead,
            long typeTail,
            String command,
            String slab,
            int commandHash,
            int slabHash,
            long commandHead,
            long commandTail,
            long slabHead,
            long slabTail,
            long accessIp,
            long writes,
            long reads,
            long accessPid,
            int hashed,
            int nulls,
            int fixedEnd,
            boolean from) {}

    private static Decoded snapshot(int next, KmapLine l) {
        boolean obj = next >= 0 && l.buf[l.start] != ' ';
        boolean acc = next >= 0 && !obj;
        return new Decoded(
                next,
                l.allocIp,
                obj ? l.pid() : 0,
                l.size,
                obj ? l.allocIndex() : 0,
                obj ? l.freeIndex() : 0,
                l.freeIp,
                obj ? new String(l.buf, l.typeStart, l.typeEnd - l.typeStart, StandardCharsets.ISO_8859_1) : null,
                obj ? l.typeHead : 0,
                obj ? l.typeTail : 0,
                next < 0 || l.commandStart < 0
                        ? null
                        : new String(l.buf, l.commandStart, l.commandEnd - l.commandStart),
                next < 0 || l.slabStart < 0 ? null : new String(l.buf, l.slabStart, l.slabEnd - l.slabStart),
                l.commandHash,
                l.slabHash,
                l.commandHead,
                l.commandTail,
                l.slabHead,
                l.slabTail,
                l.accessIp,
                l.writes,
                l.reads,
                acc ? l.accessPid() : 0,
                l.hashed,
                l.nulls,
                obj ? l.fixedEnd : 0,
                acc && l.from);
    }

    /** The formats whose access lines the fast path takes. */
    private static final KmapFormat[] FORMATS = {KmapFormat.CURRENT, KmapFormat.ELEVEN, KmapFormat.PRE_V26};

    private static String pick(Random r, String[] from) {
        return from[r.nextInt(from.length)];
    }

    @Test
    void fastAndCarefulDecodersAgreeOnObjectLines() {
        Random r = new Random(3);
        int fast = 0;
        for (int i = 0; i < 20000; i++) {
            String line = String.join(
                            ",",
                            pick(r, HEXES),
                            r.nextBoolean() ? "-" + pick(r, DECS) : pick(r, DECS),
                            pick(r, HEXES),
                            pick(r, DECS),
                            pick(r, DECS),
                            pick(r, DECS),
                            pick(r, HEXES),
                            pick(r, STRS),
                            pick(r, COMMANDS),
                            pick(r, STRS),
                            pick(r, STRS))
                    + (r.nextInt(10) == 0 ? ",x" : "") + "\n";
            fast += compare(line, r.nextInt(3), true, KmapFormat.CURRENT);
        }
        assertThat(fast).as("lines taken by the fast path").isGreaterThan(100);
    }

    @Test
    void fastAndCarefulDecodersAgreeOnAccessLines() {
        Random r = new Random(5);
        int fast = 0;
        for (int i = 0; i < 20000; i++) {
            String pid = r.nextInt(3) == 0 ? "" : "," + (r.nextBoolean() ? "-" + pick(r, DECS) : pick(r, DECS));
            String line = (r.nextInt(10) == 0 ? " " : "  ") + (r.nextInt(10) == 0 ? "from:" : "")
                    + String.join(",", pick(r, HEXES), pick(r, DECS), pick(r, DECS)) + pid + "\n";
            fast += compare(line, r.nextInt(3), false, FORMATS[r.nextInt(FORMATS.length)]);
        }
        assertThat(fast).isGreaterThan(300);
    }

    @Test
    void delimiterMaskMarksExactlyTheCommasAndNewlines() {
        Random r = new Random(9);
        byte[] alphabet = ",\n-+\u000b\u002d\u002b\u0000azAZ09_/".getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < 5000; i++) {
            byte[] b = new byte[64 + 8];
            for (int k = 0; k < b.length; k++) {
                b[k] = r.nextInt(8) == 0 ? (byte) (0x80 + r.nextInt(128)) : alphabet[r.nextInt(alphabet.length)];
            }
            long expected = 0;
            for (int k = 0; k < 64; k++) {
                if (b[k + 3] == ',' || b[k + 3] == '\n') {
                    expected |= 1L << k;
                }
            }
            assertThat(LineDecoder.delimiters64(b, 3))
                    .as("%s", new String(b, StandardCharsets.ISO_8859_1))
                    .isEqualTo(expected);
        }
    }

    @Test
    void realLinesTakeTheFastPath() {
        LineDecoder d = new LineDecoder(KmapFormat.CURRENT, new KmapLine());
        byte[] obj = "ffffffff96b75b8b,4000,ff47167a81310000,4096,1,2,ffffffff96b6ed5b,KMEM_CACHE,ls,names_cache,\n"
                .getBytes(StandardCharsets.US_ASCII);
        assertThat(d.fastCurrentObject(obj, 0)).isEqualTo(obj.length);
        byte[] acc = "  ffffffff96b6ed5b,1,0,4000\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(d.fastCurrentAccess(acc, 0)).isEqualTo(acc.length);
        // as the kernel prints them: %-p alloc_ip padded to 16, %p pointers zero-padded to 16
        byte[] padded = (String.format("%-16s", "feedbeef") + ",0," + String.format("%016x", 0xff47167a81310000L)
                        + ",64,7,0," + String.format("%016x", 0L) + ",KMALLOC,hardirq,kmalloc-64,\n")
                .getBytes(StandardCharsets.US_ASCII);
        assertThat(d.fastCurrentObject(padded, 0)).isEqualTo(padded.length);
        byte[] commas =
                "ffffffff96b75b8b,4000,ff47167a81310000,4096,1,2,ffffffff96b6ed5b,KMEM_CACHE,my,tool,names_cache,\n"
                        .getBytes(StandardCharsets.US_ASCII);
        assertThat(d.fastCurrentObject(commas, 0)).as("a command with a comma").isEqualTo(commas.length);
        byte[] noPid =
                ("  " + String.format("%016x", 0xffffffff96b6ed5bL) + ",1,0\n").getBytes(StandardCharsets.US_ASCII);
        assertThat(new LineDecoder(KmapFormat.PRE_V26, new KmapLine()).fastCurrentAccess(noPid, 0))
                .isEqualTo(noPid.length);
        assertThat(d.fastCurrentAccess(noPid, 0))
                .as("newest/v26 access lines have a pid")
                .isEqualTo(-1);
    }

    /** What the access map reads of a decoded line. */
    private static List<Object> accessMapFields(KmapLine l) {
        return List.of(
                l.allocIp,
                l.hashed,
                l.typeStart,
                l.typeEnd,
                l.typeHead,
                l.typeTail,
                l.slabStart,
                l.slabEnd,
                l.slabHead,
                l.slabTail,
                l.slabHash,
                l.accessIp,
                l.reads,
                l.writes,
                l.end);
    }

    /** 1 if the fast path took the line. {@code pad}: where the line sits in its array (end, middle, with room). */
    private static long littleEndian(byte[] b, int from, int n) {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = v << 8 | (b[from + i] & 0xff);
        }
        return v;
    }

    private static int compare(String text, int pad, boolean object, KmapFormat format) {
        byte[] line = text.getBytes(StandardCharsets.ISO_8859_1); // bytes >= 0x80 too
        int at = pad == 0 ? 0 : 5;
        byte[] buf = Arrays.copyOf(new byte[at], at + line.length + (pad == 2 ? 20 : 0));
        System.arraycopy(line, 0, buf, at, line.length);
        KmapLine fl = new KmapLine();
        KmapLine sl = new KmapLine();
        LineDecoder fd = new LineDecoder(format, fl);
        LineDecoder sd = new LineDecoder(format, sl);
        int f = object ? fd.fastCurrentObject(buf, at) : fd.fastCurrentAccess(buf, at);
        // the access map's lean decoder takes and refuses the same lines, and sets what the access map reads
        KmapLine ll = new KmapLine();
        LineDecoder ld = new LineDecoder(format, ll, true);
        int lf = object ? ld.fastCurrentObject(buf, at) : ld.fastCurrentAccess(buf, at);
        assertThat(lf).as("lean: %s", text).isEqualTo(f);
        if (f >= 0) {
            assertThat(accessMapFields(ll)).as("lean: %s", text).isEqualTo(accessMapFields(fl));
        }
        int s;
        try {
            s = object ? sd.explainObject(buf, at) : sd.explainAccess(buf, at);
        } catch (BadLine e) {
            s = -1;
        }
        if (f >= 0) {
            assertThat(s)
                    .as("careful decoder refused what the fast one took: %s", text)
                    .isEqualTo(f);
            assertThat(snapshot(f, fl)).as(text).isEqualTo(snapshot(s, sl));
            if (object) {
                // what the access map's class memo compares: the type's first and last 8 bytes
                int len = fl.typeEnd - fl.typeStart;
                long head = littleEndian(buf, fl.typeStart, Math.min(len, 8));
                assertThat(fl.typeHead).as("type head: %s", text).isEqualTo(head);
                assertThat(fl.typeTail)
                        .as("type tail: %s", text)
                        .isEqualTo(len >= 8 ? littleEndian(buf, fl.typeEnd - 8, 8) : head);
            }
            return 1;
        }
        return 0; // passed on to the careful decoder, which decides
    }
}
