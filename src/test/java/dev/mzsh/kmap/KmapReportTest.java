package dev.mzsh.kmap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class KmapReportTest {
    @Test
    void textReportHasTheTotalsAndAlignedTopLists() throws Exception {
        KmapSummary s = KmapAnalyzer.summarize(KmapAnalyzerTest.resource("current.kmap"), KmapOptions.defaults());
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        KmapReport.print(s, new PrintStream(buf, true, StandardCharsets.UTF_8), 3);
        String text = buf.toString(StandardCharsets.UTF_8);
        assertThat(text)
                .contains("newest/v26 (11 fields, access lines with pid) format")
                .contains("objects   7 (live 3, freed 2, overwritten 2)")
                .contains("bytes     13,056 (12.8 KiB)")
                .contains("accesses  4 lines, 13 reads, 6 writes");
        List<String> lines = text.lines().toList();
        int at = lines.indexOf("commands by count (5)");
        assertThat(lines.subList(at + 1, at + 5))
                .containsExactly(
                        "  objects bytes command",
                        "        2   448 cat",
                        "        2 4,352 ls",
                        "        1 8,192 (empty)");
        assertThat(lines.get(at + 5)).isEmpty(); // top 3
    }

    @Test
    void legacyReportSaysExecutableAndHasNoCaches() throws Exception {
        KmapSummary s = KmapAnalyzer.summarize(KmapAnalyzerTest.resource("legacy.kmap"), KmapOptions.defaults());
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        KmapReport.print(s, new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertThat(buf.toString(StandardCharsets.UTF_8))
                .contains("oldest (8 fields, access pid second) format")
                .contains("executables by count (2)")
                .contains("slab caches: none in the oldest (8 fields, access pid second) format");
    }

    @Test
    void jsonCarriesEveryFieldAndTheFormatLabel() throws Exception {
        KmapSummary s = KmapAnalyzer.summarize(KmapAnalyzerTest.resource("current.kmap"), KmapOptions.defaults());
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        KmapReport.printJson(s, buf);
        JsonNode j = new ObjectMapper().readTree(buf.toByteArray());
        assertThat(j.get("format").asText()).isEqualTo("newest/v26 (11 fields, access lines with pid)");
        assertThat(j.get("objects").asLong()).isEqualTo(7);
        assertThat(j.get("overwritten").asLong()).isEqualTo(2);
        assertThat(j.get("allocSitesByCount").get(0).get("address").asText()).isEqualTo("ffffffff96b69a43");
        assertThat(j.get("commandsByBytes").get(0).get("name").asText()).isEqualTo("");
        assertThat(j.get("sizes").size()).isEqualTo(s.sizes().size());
    }
}
