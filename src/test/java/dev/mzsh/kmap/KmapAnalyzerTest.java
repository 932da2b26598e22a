package dev.mzsh.kmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KmapAnalyzerTest {
    @TempDir
    Path dir;

    static Path resource(String name) throws URISyntaxException {
        return Path.of(KmapAnalyzerTest.class.getResource("/kmap/" + name).toURI());
    }

    private Path write(String text) throws IOException {
        Path f = Files.createTempFile(dir, "k", ".kmap");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    private static KmapSummary summarize(Path f) throws Exception {
        return KmapAnalyzer.summarize(f, KmapOptions.defaults());
    }

    @Test
    void currentFormatCountsObjectsByFateBytesAndAccesses() throws Exception {
        KmapSummary s = summarize(resource("current.kmap"));
        assertThat(s.format()).isEqualTo(KmapFormat.CURRENT);
        assertThat(s.format().label()).isEqualTo("newest/v26 (11 fields, access lines with pid)");
        assertThat(s.objects()).isEqualTo(7);
        assertThat(s.live()).isEqualTo(3);
        assertThat(s.freed()).isEqualTo(2);
        assertThat(s.overwritten()).isEqualTo(2); // deadbeef and fedbeef
        assertThat(s.bytes()).isEqualTo(13056);
        assertThat(s.accessLines()).isEqualTo(4);
        assertThat(s.reads()).isEqualTo(13);
        assertThat(s.writes()).isEqualTo(6);
        assertThat(s.badLines()).isZero();
    }

    @Test
    void currentFormatAggregatesSitesCachesAndCommands() throws Exception {
        KmapSummary s = summarize(resource("current.kmap"));
        assertThat(s.distinctAllocSites()).isEqualTo(5);
        assertThat(s.allocSitesByCount())
                .containsExactly(
                        new KmapSummary.Site("ffffffff96b69a43", null, 3, 704),
                        new KmapSummary.Site("14", null, 1, 8192),
                        new KmapSummary.Site("feedbeef", null, 1, 64),
                        new KmapSummary.Site("ffffffff96b13370", null, 1, 0),
                        new KmapSummary.Site("ffffffff96b75b8b", null, 1, 4096));
        assertThat(s.allocSitesByBytes())
                .extracting(KmapSummary.Site::address)
                .containsExactly("14", "ffffffff96b75b8b", "ffffffff96b69a43", "feedbeef", "ffffffff96b13370");
        assertThat(s.cachesByCount())
                .containsExactly(
                        new KmapSummary.Named("filp", 2, 512),
                        new KmapSummary.Named("no-slab", 2, 8192),
                        new KmapSummary.Named("kmalloc-192", 1, 192),
                        new KmapSummary.Named("kmalloc-64", 1, 64),
                        new KmapSummary.Named("names_cache", 1, 4096));
        assertThat(s.cachesByBytes())
                .extracting(KmapSummary.Named::name)
                .containsExactly("no-slab", "names_cache", "filp", "kmalloc-192", "kmalloc-64");
        assertThat(s.distinctCommands()).isEqualTo(5);
        assertThat(s.commandsByCount())
                .containsExactly(
                        new KmapSummary.Named("cat", 2, 448),
                        new KmapSummary.Named("ls", 2, 4352),
                        new KmapSummary.Named("", 1, 8192),
                        new KmapSummary.Named("hardirq", 1, 64),
                        new KmapSummary.Named("softirq", 1, 0));
    }

    @Test
    void accessLinesAreAggregatedPerAccessSite() throws Exception {
        KmapSummary s = summarize(resource("current.kmap"));
        assertThat(s.distinctAccessSites()).isEqualTo(2);
        assertThat(s.accessSitesByReads())
                .containsExactly(
                        new KmapSummary.AccessSite("ffffffff96b6ed5b", null, 7, 4, 2),
                        new KmapSummary.AccessSite("ffffffff96b6ed00", null, 6, 2, 2));
        assertThat(s.accessSitesByWrites())
                .extracting(KmapSummary.AccessSite::address)
                .containsExactly("ffffffff96b6ed5b", "ffffffff96b6ed00");
    }

    @Test
    void sizesFallIntoPowerOfTwoBuckets() throws Exception {
        KmapSummary s = summarize(resource("current.kmap"));
        assertThat(s.sizes()).first().isEqualTo(new KmapSummary.SizeBucket(0, 0, 1, 0));
        assertThat(s.sizes())
                .contains(
                        new KmapSummary.SizeBucket(64, 127, 1, 64),
                        new KmapSummary.SizeBucket(128, 255, 1, 192),
                        new KmapSummary.SizeBucket(256, 511, 2, 512),
                        new KmapSummary.SizeBucket(512, 1023, 0, 0),
                        new KmapSummary.SizeBucket(4096, 8191, 1, 4096));
        assertThat(s.sizes()).last().isEqualTo(new KmapSummary.SizeBucket(8192, 16383, 1, 8192));
        assertThat(s.sizes().stream().mapToLong(KmapSummary.SizeBucket::count).sum())
                .isEqualTo(s.objects());
    }

    @Test
    void legacyFormatReadsExecutablesAndItsAccessColumnOrder() throws Exception {
        KmapSummary s = summarize(resource("legacy.kmap"));
        assertThat(s.format()).isEqualTo(KmapFormat.LEGACY);
        assertThat(s.format().label()).isEqualTo("oldest (8 fields, access pid second)");
        assertThat(s.objects()).isEqualTo(3);
        assertThat(s.live()).isEqualTo(1);
        assertThat(s.freed()).isEqualTo(1);
        assertThat(s.overwritten()).isEqualTo(1);
        assertThat(s.bytes()).isEqualTo(4608);
        assertThat(s.commandsByCount())
                .containsExactly(new KmapSummary.Named("ls", 2, 4352), new KmapSummary.Named("cat", 1, 256));
        assertThat(s.distinctCaches()).isZero();
        // access_ip,access_pid,write_count,read_count
        assertThat(s.writes()).isEqualTo(3);
        assertThat(s.reads()).isEqualTo(12);
        assertThat(s.accessSitesByReads())
                .containsExactly(
                        new KmapSummary.AccessSite("ffffffff9c96ed5b", null, 9, 3, 2),
                        new KmapSummary.AccessSite("ffffffff9c96ee00", null, 3, 0, 1));
    }

    @Test
    void theFewestFieldsAmongTheFirstObjectLinesAndTheFirstAccessLineTellTheFormat() throws Exception {
        assertThat(summarize(write("\nfeedbeef,0,ff00,64,1,0,0,sh\n")).format()).isEqualTo(KmapFormat.LEGACY);
        assertThat(summarize(write("feedbeef,0,ff00,64,1,0,0,KMALLOC,sh\n")).format())
                .isEqualTo(KmapFormat.V4X_9);
        assertThat(summarize(write("feedbeef,0,ff00,64,1,0,0,KMALLOC,sh,filp\n"))
                        .format())
                .isEqualTo(KmapFormat.V4X_10);
        // 11 fields and no access line: newest/v26 and pre-v26 cannot be told apart, both access shapes are taken
        assertThat(summarize(write("\n\nfeedbeef,0,ff00,64,1,0,0,,sh,,\n")).format())
                .isEqualTo(KmapFormat.ELEVEN);
        assertThat(summarize(write("1,0,ff00,64,1,0,0,,sh,,\n  ff,1,2,3\n")).format())
                .isEqualTo(KmapFormat.CURRENT);
        assertThat(summarize(write("1,0,ff00,64,1,0,0,,sh,,\n  ff,1,2\n")).format())
                .isEqualTo(KmapFormat.PRE_V26);
        // from: lines have no pid in every generation: they tell nothing
        assertThat(summarize(write("1,0,ff00,64,1,0,0,NONE,sh,,\n  from:ff,1,2\n2,0,ff00,64,1,0,0,,sh,,\n  ff,1,2,3\n"))
                        .format())
                .isEqualTo(KmapFormat.CURRENT);
        // a command with commas adds fields; the other lines tell the format
        KmapSummary s = summarize(write("1,0,ff00,64,1,0,0,KMALLOC,a,b,c,filp\n2,0,ff00,64,1,0,0,KMALLOC,sh,filp\n"));
        assertThat(s.format()).isEqualTo(KmapFormat.V4X_10);
        assertThat(s.commandsByCount()).extracting(KmapSummary.Named::name).containsExactly("a,b,c", "sh");
        KmapSummary empty = summarize(write(""));
        assertThat(empty.format()).isEqualTo(KmapFormat.NONE);
        assertThat(empty.objects()).isZero();
        // an object line with fewer fields than most is a malformed line, not a second format
        assertThatThrownBy(() ->
                        summarize(write("1,0,ff00,64,1,0,0,,sh,,\n2,0,ff00,64,2,0,0,sh\n3,0,ff00,64,1,0,0,,sh,,\n")))
                .isInstanceOf(KmapSyntaxException.class)
                .hasMessageContaining(":2: object line has 8 fields");
    }

    @Test
    void aFileWithoutFinalNewlineIsReadToTheEnd() throws Exception {
        KmapSummary s = summarize(write("1,0,ff00,64,1,0,0,,sh,,\n  ff,1,2,3"));
        assertThat(s.objects()).isEqualTo(1);
        assertThat(s.reads()).isEqualTo(2);
    }

    @Test
    void namesThatDifferOnlyInTheMiddleStayApart() throws Exception {
        String a = "abcdefgh-middle-1-ijklmnop";
        String b = "abcdefgh-middle-2-ijklmnop";
        KmapSummary s = summarize(write("1,0,ff,8,1,0,0,," + a + ",c1,\n2,0,ff,8,2,0,0,," + b + ",c1,\n3,0,ff,8,3,0,0,,"
                + a + ",c2,\n4,0,ff,8,4,0,0,,sixteen_bytes_xx,c2,\n5,0,ff,8,5,0,0,,sixteen_bytes_yx,c2,\n"));
        assertThat(s.commandsByCount())
                .containsExactly(
                        new KmapSummary.Named(a, 2, 16),
                        new KmapSummary.Named(b, 1, 8),
                        new KmapSummary.Named("sixteen_bytes_xx", 1, 8),
                        new KmapSummary.Named("sixteen_bytes_yx", 1, 8));
    }

    @Test
    void anAddressWrittenWithLeadingZerosIsTheSameSite() throws Exception {
        KmapSummary s = summarize(write("00000000feedbeef,0,ff,8,1,0,0,,sh,c,\nfeedbeef,0,ff,8,2,0,0,,sh,c,\n"
                + "ffffffff81000010,0,ff,8,3,0,0,,sh,c,\n  00000000000000ff,1,2,0\n  ff,3,4,0\n"));
        assertThat(s.allocSitesByCount())
                .containsExactly(
                        new KmapSummary.Site("feedbeef", null, 2, 16),
                        new KmapSummary.Site("ffffffff81000010", null, 1, 8));
        assertThat(s.accessSitesByReads()).containsExactly(new KmapSummary.AccessSite("ff", null, 6, 4, 2));
    }

    @Test
    void topKeepsOnlyNRows() throws Exception {
        KmapSummary s = KmapAnalyzer.summarize(
                resource("current.kmap"), KmapOptions.defaults().withTop(2));
        assertThat(s.allocSitesByCount()).hasSize(2);
        assertThat(s.commandsByBytes()).hasSize(2);
        assertThat(s.distinctCommands()).isEqualTo(5);
    }
}
