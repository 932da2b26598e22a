package dev.mzsh.kmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every generation's kmap as its kernel prints it, built here with the padding rules of the
 * kernel's vsprintf: {@code %p} is 16 zero-padded hex digits under no_hash_pointers (a NULL
 * {@code %p} on 4.x is {@code (null)} right-justified to 16), {@code %-p} is the value
 * left-justified with trailing spaces to 16. The parsed fields must be exactly the printed ones.
 */
class PrintedFormatsTest {
    @TempDir
    Path dir;

    private static final long TEXT = 0xffffffff81234567L;
    private static final long VA = 0xffff888003a1c040L;

    /** {@code %p} under no_hash_pointers (and on 4.x for a non-NULL pointer). */
    static String p(long v) {
        return String.format("%016x", v);
    }

    /** {@code %-p}: left-justified, padded with trailing spaces to 16. */
    static String pl(long v) {
        return String.format("%-16s", Long.toHexString(v));
    }

    /** A NULL {@code %p} on 4.x: "(null)" right-justified to the pointer width. */
    static final String NULL_P = String.format("%16s", "(null)");
    /** A NULL {@code %-p} on 4.x. */
    static final String NULL_PL = String.format("%-16s", "(null)");

    record Obj(
            long allocIp,
            long pid,
            long size,
            long allocIndex,
            long freeIndex,
            long freeIp,
            String type,
            String command,
            String slab,
            int hashed,
            int nulls) {}

    record Acc(long ip, long writes, long reads, Long pid, boolean from) {}

    /** Everything the reader decodes, in order. */
    /** The alloc_type span the CSV export copies. */
    private static String allocType(KmapLine l) {
        return new String(l.buf, l.typeStart, l.typeEnd - l.typeStart, StandardCharsets.UTF_8);
    }

    private List<Object> decode(String text, KmapFormat expected) throws Exception {
        Path f = Files.createTempFile(dir, "k", ".kmap");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        List<Object> out = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(f)) {
            KmapFormat format = FormatProbe.detect(f, ch, false);
            assertThat(format).isEqualTo(expected);
            KmapReader.Outcome o = new KmapReader(ch, ch.size(), format, false).readAll(new KmapHandler() {
                @Override
                public void object(KmapLine l) {
                    out.add(new Obj(
                            l.allocIp(),
                            l.pid(),
                            l.size(),
                            l.allocIndex(),
                            l.freeIndex(),
                            l.freeIp(),
                            allocType(l),
                            l.command(),
                            l.slab(),
                            l.hashed,
                            l.nulls));
                }

                @Override
                public void access(KmapLine l) {
                    out.add(new Acc(
                            l.accessIp(), l.writes(), l.reads(), l.hasAccessPid() ? l.accessPid() : null, l.isFrom()));
                }
            });
            assertThat(o.first()).as("first bad line").isNull();
        }
        return out;
    }

    @Test
    void newestAndV26() throws Exception {
        // "%-p,%d,%p,%lu,%lu,%lu,%p,%s,%s,%s,%s\n", "  %p,%llu,%llu,%lld\n", "  from:%p,%llu,%llu\n"
        String fmt = "%s,%d,%s,%d,%d,%d,%s,%s,%s,%s,%s\n";
        String text = String.format(fmt, pl(0), 0, p(0), 0, 1, 0, p(0), "NONE", "swapper/0", "no-slab", "")
                + String.format("  from:%s,%d,%d\n", p(TEXT), 2, 9)
                + String.format(fmt, pl(TEXT), 4000, p(VA), 4096, 5, 0, p(0), "KMEM_CACHE", "ls", "names_cache", "")
                + String.format("  %s,%d,%d,%d\n", p(TEXT + 1), 1, 7, 4000)
                + String.format("  %s,%d,%d,%d\n", p(TEXT + 2), 0, 3, -1)
                + String.format(
                        fmt, pl(0xfeedbeefL), 0, p(VA + 64), 64, 6, 0, p(0), "KMALLOC", "softirq", "kmalloc-64", "")
                + String.format(
                        fmt,
                        pl(0x14),
                        17,
                        p(VA + 128),
                        8192,
                        7,
                        9,
                        p(0xdeadbeefL),
                        "UFO_MEMBLOCK",
                        "my,tool",
                        "no-slab",
                        "KMALLOC")
                + String.format(
                        fmt,
                        pl(TEXT),
                        12,
                        p(VA + 192),
                        32,
                        8,
                        10,
                        p(0xfedbeefL),
                        "KMALLOC",
                        "sh",
                        "kmalloc-32",
                        "KMEM_CACHE");
        assertThat(text)
                .contains("feedbeef        ,0,")
                .contains("14              ,17,")
                .contains(",00000000deadbeef,");
        assertThat(decode(text, KmapFormat.CURRENT))
                .containsExactly(
                        new Obj(0, 0, 0, 1, 0, 0, "NONE", "swapper/0", "no-slab", 0, 0),
                        new Acc(TEXT, 2, 9, null, true),
                        new Obj(TEXT, 4000, 4096, 5, 0, 0, "KMEM_CACHE", "ls", "names_cache", 0, 0),
                        new Acc(TEXT + 1, 1, 7, 4000L, false),
                        new Acc(TEXT + 2, 0, 3, -1L, false),
                        new Obj(0xfeedbeefL, 0, 64, 6, 0, 0, "KMALLOC", "softirq", "kmalloc-64", 0, 0),
                        new Obj(0x14, 17, 8192, 7, 9, 0xdeadbeefL, "UFO_MEMBLOCK", "my,tool", "no-slab", 0, 0),
                        new Obj(TEXT, 12, 32, 8, 10, 0xfedbeefL, "KMALLOC", "sh", "kmalloc-32", 0, 0));
    }

    @Test
    void v66BeforeV26HasNoAccessPid() throws Exception {
        String fmt = "%s,%d,%s,%d,%d,%d,%s,%s,%s,%s,%s\n";
        String text = String.format(fmt, pl(TEXT), 4000, p(VA), 4096, 5, 0, p(0), "KMEM_CACHE", "ls", "names_cache", "")
                + String.format("  %s,%d,%d\n", p(TEXT + 1), 1, 7);
        assertThat(decode(text, KmapFormat.PRE_V26))
                .containsExactly(
                        new Obj(TEXT, 4000, 4096, 5, 0, 0, "KMEM_CACHE", "ls", "names_cache", 0, 0),
                        new Acc(TEXT + 1, 1, 7, null, false));
    }

    @Test
    void fourXWithSlabname() throws Exception {
        // "%-p,%d,%p,%lu,%lu,%lu,%p,%s,%s,%s\n", "  %p,%llu,%llu\n", "  from:%p,caller:%p,%llu,%llu\n";
        // 4.x prints a NULL %p as (null): a live object's free_ip
        String fmt = "%s,%d,%s,%d,%d,%d,%s,%s,%s,%s\n";
        String text = String.format(fmt, NULL_PL, 0, NULL_P, 0, 1, 0, NULL_P, "MEM_NONE", "swapper/0", "no-slab")
                + String.format("  from:%s,caller:%s,%d,%d\n", p(TEXT), p(TEXT + 8), 3, 4)
                + String.format(fmt, pl(TEXT), 310, p(VA), 256, 2, 0, NULL_P, "MEM_KMEM_CACHE", "bash", "filp")
                + String.format("  %s,%d,%d\n", p(TEXT + 1), 5, 6)
                + String.format(
                        fmt,
                        pl(0xfeedbeefL),
                        311,
                        p(VA + 256),
                        64,
                        3,
                        4,
                        p(TEXT + 2),
                        "MEM_KMALLOC",
                        "a, b",
                        "kmalloc-64");
        assertThat(text).startsWith("(null)          ,0,          (null),");
        assertThat(decode(text, KmapFormat.V4X_10))
                .containsExactly(
                        new Obj(0, 0, 0, 1, 0, 0, "MEM_NONE", "swapper/0", "no-slab", 0, 3),
                        new Acc(TEXT, 3, 4, null, true),
                        new Obj(TEXT, 310, 256, 2, 0, 0, "MEM_KMEM_CACHE", "bash", "filp", 0, 1),
                        new Acc(TEXT + 1, 5, 6, null, false),
                        new Obj(0xfeedbeefL, 311, 64, 3, 4, TEXT + 2, "MEM_KMALLOC", "a, b", "kmalloc-64", 0, 0));
    }

    @Test
    void fourXWithoutSlabname() throws Exception {
        // "%-p,%d,%p,%lu,%lu,%lu,%p,%s,%s\n", "  %p,%llu,%llu\n"
        String fmt = "%s,%d,%s,%d,%d,%d,%s,%s,%s\n";
        String text = String.format(fmt, pl(TEXT), 310, p(VA), 256, 2, 0, NULL_P, "MEM_KMALLOC", "bash")
                + String.format("  %s,%d,%d\n", p(TEXT + 1), 5, 6)
                + String.format(fmt, pl(0x3), 1, p(VA + 256), 16384, 3, 0, NULL_P, "MEM_STACK_PAGE", "kworker/0:1,x");
        assertThat(decode(text, KmapFormat.V4X_9))
                .containsExactly(
                        new Obj(TEXT, 310, 256, 2, 0, 0, "MEM_KMALLOC", "bash", null, 0, 1),
                        new Acc(TEXT + 1, 5, 6, null, false),
                        new Obj(3, 1, 16384, 3, 0, 0, "MEM_STACK_PAGE", "kworker/0:1,x", null, 0, 1));
    }

    @Test
    void oldestWithPidSecondAndARightJustifiedNullAllocIp() throws Exception {
        // "%p,%d,%p,%lu,%lu,%lu,%p,%s\n", "  %p,%d,%llu,%llu\n": alloc_ip is %p here, so a NULL one
        // is "(null)" right-justified and the object line starts with spaces
        String fmt = "%s,%d,%s,%d,%d,%d,%s,%s\n";
        String text = String.format(fmt, NULL_P, 0, p(VA), 64, 1, 0, NULL_P, "swapper/0")
                + String.format("  %s,%d,%d,%d\n", p(TEXT), 12, 3, 4)
                + String.format("  %s,%d,%d,%d\n", NULL_P, 13, 0, 1)
                + String.format(fmt, p(TEXT), 4601, p(VA + 64), 4096, 2, 5, p(TEXT + 4), "ls, -l");
        assertThat(text).startsWith("          (null),0,");
        assertThat(decode(text, KmapFormat.LEGACY))
                .containsExactly(
                        new Obj(0, 0, 64, 1, 0, 0, "", "swapper/0", null, 0, 2),
                        new Acc(TEXT, 3, 4, 12L, false),
                        new Acc(0, 0, 1, 13L, false),
                        new Obj(TEXT, 4601, 4096, 2, 5, TEXT + 4, "", "ls, -l", null, 0, 0));
    }

    @Test
    void hashedPointersAreCountedAndWarnedAbout() throws Exception {
        // without no_hash_pointers %p prints a 32-bit hash zero-padded to 16, or (____ptrval____) before the
        // hashing key is ready; NULL stays 0
        String fmt = "%s,%d,%s,%d,%d,%d,%s,%s,%s,%s,%s\n";
        String ptrval = "(____ptrval____)";
        String text = String.format(fmt, pl(0), 0, p(0), 0, 1, 0, p(0), "NONE", "swapper/0", "no-slab", "")
                + String.format(fmt, ptrval, 1, ptrval, 64, 2, 0, p(0), "KMALLOC", "init", "kmalloc-64", "")
                + String.format("  %s,%d,%d,%d\n", ptrval, 1, 2, 1)
                + String.format(
                        fmt, p(0x5e1f00d2L), 1, p(0x9a3b1c0dL), 64, 3, 0, p(0), "KMALLOC", "init", "kmalloc-64", "")
                + String.format("  %s,%d,%d,%d\n", p(0x1234abcdL), 1, 2, 1);
        assertThat(decode(text, KmapFormat.CURRENT))
                .containsExactly(
                        new Obj(0, 0, 0, 1, 0, 0, "NONE", "swapper/0", "no-slab", 0, 0),
                        new Obj(KmapLine.UNKNOWN_POINTER, 1, 64, 2, 0, 0, "KMALLOC", "init", "kmalloc-64", 2, 0),
                        new Acc(KmapLine.UNKNOWN_POINTER, 1, 2, 1L, false),
                        new Obj(0x5e1f00d2L, 1, 64, 3, 0, 0, "KMALLOC", "init", "kmalloc-64", 1, 0),
                        new Acc(0x1234abcdL, 1, 2, 1L, false));
        Path f = Files.createTempFile(dir, "h", ".kmap");
        Files.writeString(f, text);
        KmapSummary s = KmapAnalyzer.summarize(f, KmapOptions.defaults());
        assertThat(s.hashedPointers()).isEqualTo(4); // two placeholders and the access line's, one hashed obj_va_ptr
        assertThat(s.allocSitesByCount()).extracting(KmapSummary.Site::address).contains("(____ptrval____)");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        KmapReport.print(s, new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertThat(buf.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("warning")))
                .containsExactly("warning   4 pointers are hashed or placeholders: the kmap was taken without"
                        + " no_hash_pointers, so its addresses cannot map to symbols");
        // a kmap under no_hash_pointers gets no warning
        Path clean = Files.createTempFile(dir, "c", ".kmap");
        Files.writeString(
                clean, String.format(fmt, pl(TEXT), 1, p(VA), 64, 3, 0, p(0), "KMALLOC", "init", "kmalloc-64", ""));
        assertThat(KmapAnalyzer.summarize(clean, KmapOptions.defaults()).hashedPointers())
                .isZero();
    }

    @Test
    void allocationsCsvAsTheKernelPrintsIt() throws Exception {
        String fmt = "%s,%d,%s,%d,%d,%d,%s,%s,%s,%s,%s\n";
        for (String header : List.of(FormatProbe.ALLOCATIONS_HEADER, FormatProbe.ALLOCATIONS_TIME_HEADER)) {
            String text = header + "\n"
                    + String.format(fmt, pl(0xfeedbeefL), 0, p(VA), 64, 6, 0, p(0), "KMALLOC", "a,b", "kmalloc-64", "")
                    + String.format(
                            fmt,
                            pl(TEXT),
                            5,
                            p(VA + 64),
                            32,
                            7,
                            8,
                            p(0xdeadbeefL),
                            "KMALLOC",
                            "sh",
                            "kmalloc-32",
                            "KMALLOC");
            assertThat(decode(text, KmapFormat.ALLOCATIONS))
                    .containsExactly(
                            new Obj(0xfeedbeefL, 0, 64, 6, 0, 0, "KMALLOC", "a,b", "kmalloc-64", 0, 0),
                            new Obj(TEXT, 5, 32, 7, 8, 0xdeadbeefL, "KMALLOC", "sh", "kmalloc-32", 0, 0));
        }
    }

    @Test
    void accessesCsvWithAndWithoutPid() throws Exception {
        // "%llu,%p,%llu,%llu,%llu\n" with CONFIG_MEMORIZER_TRACKPIDS (the pid unsigned), else "%llu,%p,%llu,%llu\n"
        String with = FormatProbe.ACCESSES_HEADER + "\n"
                + String.format("%d,%s,%s,%d,%d\n", 5, p(TEXT), Long.toUnsignedString(-1L), 3, 4)
                + String.format("%d,%s,%d,%d,%d\n", 6, p(TEXT + 1), 4000, 0, 9);
        assertThat(with).contains(",18446744073709551615,");
        assertThat(decode(with, KmapFormat.ACCESSES))
                .containsExactly(new Acc(TEXT, 3, 4, -1L, false), new Acc(TEXT + 1, 0, 9, 4000L, false));
        String without = FormatProbe.ACCESSES_NO_PID_HEADER + "\n" + String.format("%d,%s,%d,%d\n", 5, p(TEXT), 3, 4);
        assertThat(decode(without, KmapFormat.ACCESSES_NO_PID)).containsExactly(new Acc(TEXT, 3, 4, null, false));
        Path f = Files.createTempFile(dir, "a", ".csv");
        Files.writeString(f, with);
        KmapSummary s = KmapAnalyzer.summarize(f, KmapOptions.defaults());
        assertThat(s.format()).isEqualTo(KmapFormat.ACCESSES);
        assertThat(s.objects()).isZero();
        assertThat(s.accessLines()).isEqualTo(2);
        assertThat(s.reads()).isEqualTo(13);
    }
}
