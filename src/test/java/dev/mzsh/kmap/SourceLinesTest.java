package dev.mzsh.kmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Source lines from a real DWARF ELF: gcc builds a small "vmlinux" linked where the kernel's
 * text lies (0xffffffff81000000), from fs/read.c and mm/slab.c, and binutils' addr2line reads it.
 */
class SourceLinesTest {
    private static final long VFS_READ = 0xffffffff81000000L;

    @TempDir
    Path dir;

    Path tree;

    @BeforeEach
    void build() throws Exception {
        tree = dir.resolve("tree");
        Files.createDirectories(tree.resolve("fs"));
        Files.createDirectories(tree.resolve("mm"));
        Files.writeString(tree.resolve("fs/read.c"), "int vfs_read(int x)\n{\n\treturn x + 1;\n}\n");
        Files.writeString(
                tree.resolve("mm/slab.c"), "int kmalloc_site(int x)\n{\n\treturn x * 2;\n}\nvoid _start(void) {}\n");
        gcc("-g", "vmlinux");
        gcc("-g0", "vmlinux-nodebug");
    }

    private void gcc(String debug, String out) throws Exception {
        Process p = new ProcessBuilder(
                        "gcc",
                        debug,
                        "-O0",
                        "-mcmodel=kernel",
                        "-fno-pie",
                        "-no-pie",
                        "-nostdlib",
                        "-static",
                        "-Wl,-Ttext=0xffffffff81000000",
                        "-o",
                        out,
                        "fs/read.c",
                        "mm/slab.c")
                .directory(tree.toFile())
                .redirectErrorStream(true)
                .start();
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
    }

    private long symbol(String name) throws Exception {
        SymbolTable t = SymbolTable.fromElf(tree.resolve("vmlinux"));
        for (long a = VFS_READ; a < VFS_READ + 0x100; a++) {
            if (name.equals(t.name(a))) {
                return a;
            }
        }
        throw new AssertionError(name);
    }

    @Test
    void linesAreRelativeToTheTreeAndCachedPerVmlinux() throws Exception {
        Path cache = dir.resolve("cache");
        long slab = symbol("kmalloc_site");
        SourceLines s = SourceLines.of(tree.resolve("vmlinux"), cache);
        Map<Long, String> m = s.lookup(List.of(VFS_READ + 4, slab + 4, 0xfeedbeefL));
        assertThat(m).containsOnlyKeys(VFS_READ + 4, slab + 4); // the synthetic code is nobody's line
        assertThat(m.get(VFS_READ + 4)).matches("fs/read\\.c:[23]");
        assertThat(m.get(slab + 4)).matches("mm/slab\\.c:[23]");
        assertThat(SourceLines.directory(m.get(VFS_READ + 4))).isEqualTo("fs/");

        // a second report of the same vmlinux answers from the cache, without addr2line
        try (var files = Files.list(cache)) {
            Path tsv =
                    files.filter(f -> f.toString().endsWith(".tsv")).findFirst().orElseThrow();
            Files.writeString(tsv, Files.readString(tsv).replace("fs/read.c", "fs/cached.c"));
        }
        assertThat(SourceLines.of(tree.resolve("vmlinux"), cache)
                        .lookup(List.of(VFS_READ + 4))
                        .get(VFS_READ + 4))
                .startsWith("fs/cached.c:");
    }

    @Test
    void aVmlinuxWithoutDwarfHasNoSourceLines() throws Exception {
        assertThat(SourceLines.of(tree.resolve("vmlinux-nodebug"), dir.resolve("cache")))
                .isNull();
    }

    private Path kmap() throws Exception {
        long slab = symbol("kmalloc_site");
        Path f = dir.resolve("k.kmap");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            b.append(String.format(
                    "%-16s,1,%016x,64,%d,0,%016x,KMALLOC,ls,kmalloc-64,%n",
                    Long.toHexString(slab + 4), 0xff11000000000000L + 64L * i, i + 1, 0L));
        }
        b.append(String.format(
                "%-16s,1,%016x,32,9,0,%016x,KMALLOC,ls,kmalloc-32,%n  %016x,1,2,1%n",
                Long.toHexString(VFS_READ + 4), 0xff11000000001000L, 0L, VFS_READ + 6));
        Files.writeString(f, b.toString());
        return f;
    }

    @Test
    void theSummaryShowsFileLineAndComponents() throws Exception {
        Path vmlinux = tree.resolve("vmlinux");
        KmapOptions o = KmapOptions.defaults()
                .withSymbols(SymbolTable.fromElf(vmlinux))
                .withSourcesOf(vmlinux, dir.resolve("cache"));
        KmapSummary s = KmapAnalyzer.summarize(kmap(), o);
        assertThat(s.components())
                .containsExactly(new KmapSummary.Named("mm/", 3, 192), new KmapSummary.Named("fs/", 1, 32));
        assertThat(s.allocSitesByCount().get(0).source()).matches("mm/slab\\.c:[23]");
        assertThat(s.accessSitesByReads().get(0).source()).matches("fs/read\\.c:[23]");
        assertThat(s.sourceNote()).isNull();
        String text = KmapReport.text(s, 10);
        assertThat(text)
                .containsPattern("kmalloc_site\\+0x4 \\(ffffffff8100[0-9a-f]{4}\\) mm/slab\\.c:[23]\\n")
                .contains("components (source directories of allocation sites) by count")
                .containsPattern("\\n +3 +192 mm/\\n");
    }

    @Test
    void withoutDwarfTheReportSaysSoOnceAndShowsFunctions() throws Exception {
        Path vmlinux = tree.resolve("vmlinux-nodebug");
        KmapOptions o = KmapOptions.defaults()
                .withSymbols(SymbolTable.fromElf(vmlinux))
                .withSourcesOf(vmlinux, dir.resolve("cache"));
        String text = KmapReport.text(KmapAnalyzer.summarize(kmap(), o), 10);
        assertThat(text.split("has no debug info", -1)).hasSize(2);
        assertThat(text).contains("kmalloc_site+0x4").doesNotContain(".c:", "components");
    }

    @Test
    void theAccessMapFoldsPairsIntoSourceDirectories() throws Exception {
        Path vmlinux = tree.resolve("vmlinux");
        long slab = symbol("kmalloc_site");
        Path f = dir.resolve("a.kmap");
        Files.writeString(
                f,
                String.format(
                        "%-16s,1,%016x,64,1,0,%016x,KMALLOC,ls,kmalloc-64,%n  %016x,3,5,1%n  %016x,1,1,2%n"
                                + "%-16s,1,%016x,64,2,0,%016x,KMALLOC,ls,kmalloc-64,%n  %016x,0,7,1%n",
                        Long.toHexString(slab + 4),
                        0xff11000000000000L,
                        0L,
                        VFS_READ + 6,
                        VFS_READ + 8,
                        Long.toHexString(VFS_READ + 4),
                        0xff11000000000040L,
                        0L,
                        slab + 2));
        KmapOptions o = KmapOptions.defaults()
                .withSymbols(SymbolTable.fromElf(vmlinux))
                .withSourcesOf(vmlinux, dir.resolve("cache"));
        AccessMap m = AccessAnalyzer.analyze(f, o);
        assertThat(m.components())
                .containsExactly(
                        new AccessMap.ComponentPair("fs/", "mm/", 6, 4, 2),
                        new AccessMap.ComponentPair("mm/", "fs/", 7, 0, 1));
        assertThat(AccessReport.text(m, 10))
                .contains("components: accessing source directory -> directory of the" + " allocation sites")
                .containsPattern("\\n +6 +4 +fs/ +-> mm/\\n");
        assertThat(AccessAnalyzer.analyze(f, KmapOptions.defaults()).components())
                .isEmpty();
    }
}
