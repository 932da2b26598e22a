package dev.mzsh.kmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KmapDiffTest {
    @TempDir
    Path dir;

    private static KmapOptions all() throws Exception {
        return new KmapOptions(
                Integer.MAX_VALUE,
                2,
                false,
                SymbolTable.fromSystemMap(AccessAnalyzerTest.resource("known.System.map")));
    }

    private static KmapDiff diff(Path a, Path b) throws Exception {
        KmapOptions o = all();
        return KmapDiff.of(
                KmapAnalyzer.summarize(a, o),
                KmapAnalyzer.summarize(b, o),
                AccessAnalyzer.analyze(a, o),
                AccessAnalyzer.analyze(b, o));
    }

    /** B is known.kmap plus one filp object of alloc_file (512 bytes, by tar) read 4 times by vfs_read. */
    @Test
    void listsEveryChangedRowWithBothSidesLargestFirst() throws Exception {
        Path a = AccessAnalyzerTest.resource("known.kmap");
        Path b = dir.resolve("b.kmap");
        Files.writeString(
                b,
                Files.readString(a)
                        + String.format(
                                "%-16s,4001,%016x,512,7,0,%016x,KMEM_CACHE,tar,filp,%n  %016x,0,4,4001%n",
                                "ffffffff81200030", 0xff11000009000000L, 0L, 0xffffffff81100007L)
                        + String.format(
                                "%-16s,4001,%016x,64,8,0,%016x,KMALLOC,tar,kmalloc-64,%n",
                                "ffffffff81300010", 0xff11000009001000L, 0L)
                        + String.format(
                                "%-16s,4001,%016x,64,9,0,%016x,KMALLOC,tar,kmalloc-64,%n",
                                "ffffffff81300010", 0xff11000009002000L, 0L));
        KmapDiff d = diff(a, b);
        assertThat(d.change(KmapDiff.Measure.OBJECTS)).isEqualTo(3);
        assertThat(d.change(KmapDiff.Measure.BYTES)).isEqualTo(640);
        assertThat(d.change(KmapDiff.Measure.READS)).isEqualTo(4);
        assertThat(d.change(KmapDiff.Measure.WRITES)).isZero();
        assertThat(d.change(KmapDiff.Measure.ACCESS_LINES)).isEqualTo(1);
        assertThat(d.sites())
                .containsExactly(
                        new KmapDiff.Change("getname+0x10", 0, 2, 0, 128, 0, 0, 0, 0),
                        new KmapDiff.Change("alloc_file+0x30", 0, 1, 0, 512, 0, 0, 0, 0));
        assertThat(d.caches())
                .containsExactly(
                        new KmapDiff.Change("kmalloc-64", 0, 2, 0, 128, 0, 0, 0, 0),
                        new KmapDiff.Change("filp", 3, 4, 768, 1280, 0, 0, 0, 0));
        assertThat(d.commands()).containsExactly(new KmapDiff.Change("tar", 0, 3, 0, 640, 0, 0, 0, 0));
        assertThat(d.pairs())
                .containsExactly(
                        new KmapDiff.Change("vfs_read -> alloc_file filp KMEM_CACHE", 2, 3, 0, 0, 7, 11, 1, 1));
        String text = KmapDiffReport.text(d, 10);
        assertThat(text)
                .containsPattern("\\n  objects +6 +9 +\\+3\\n")
                .containsPattern("\\n +\\+2 +\\+128 +0 -> 2 +getname\\+0x10\\n")
                .containsPattern("\\n +\\+4 +0 +\\+1 +8 -> 12 +vfs_read -> alloc_file filp KMEM_CACHE\\n");
    }

    @Test
    void theSameKmapTwiceHasNoChange() throws Exception {
        Path a = AccessAnalyzerTest.resource("known.kmap");
        KmapDiff d = diff(a, a);
        assertThat(d.sites()).isEmpty();
        assertThat(d.pairs()).isEmpty();
        assertThat(KmapDiffReport.text(d, 10)).contains("allocation sites: no change", "access pairs: no change");
    }
}
