package dev.mzsh.kmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    @TempDir
    Path dir;

    @Test
    void totalsHeatMapAndDiffAreInThePageWithNothingFetched() throws Exception {
        Path a = AccessAnalyzerTest.resource("known.kmap");
        KmapOptions o = KmapOptions.defaults().withTop(Integer.MAX_VALUE);
        KmapSummary s = KmapAnalyzer.summarize(a, o);
        AccessMap m = AccessAnalyzer.analyze(a, o);
        String html = HtmlReport.render(s, m, KmapDiff.of(s, s, m, m), 10);
        assertThat(html)
                .contains(
                        "<td id=\"total-objects\">6</td>",
                        "<td id=\"total-bytes\">5,120</td>",
                        "<td id=\"total-reads\">22</td>",
                        "<td id=\"total-writes\">13</td>",
                        "<td id=\"total-access-lines\">8</td>",
                        "id=\"heatmap\"",
                        "<td id=\"change-objects\" class=\"\">0</td>")
                .doesNotContain("<script", "http:", "https:", "src=", "url(");
    }

    @Test
    void guestNamesAreEscaped() throws Exception {
        Path f = dir.resolve("evil.kmap");
        Files.writeString(
                f,
                String.format(
                        "%-16s,1,%016x,8,1,0,%016x,KMALLOC,<script>alert(1)</script>\u001b[2J,k<b>,%n",
                        "ffffffff81200010", 0xffff888000000000L, 0L));
        KmapSummary s = KmapAnalyzer.summarize(f, KmapOptions.defaults());
        String html = HtmlReport.render(s, AccessAnalyzer.analyze(f, KmapOptions.defaults()), null, 10);
        assertThat(html)
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;\\x1b[2J", "k&lt;b&gt;")
                .doesNotContain("<script>", "\u001b", "<b>");
    }

    @Test
    void neverWritesOverAFile() throws Exception {
        Path out = dir.resolve("r.html");
        Files.writeString(out, "mine");
        assertThatThrownBy(() -> HtmlReport.write(out, "<html></html>")).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(out)).isEqualTo("mine");
    }
}
