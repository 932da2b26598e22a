package dev.mzsh.kmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KmapMalformedTest {
    private static final String GOOD =
            "ffffffff96b75b8b,4000,ff47167a81310000,4096,1,2,ffffffff96b6ed5b,KMEM_CACHE,ls,names_cache,\n"
                    + "  ffffffff96b6ed5b,1,0,4000\n";

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        Path f = Files.createTempFile(dir, "k", ".kmap");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "FFFFFFFF96B75B8B,4000,ff00,64,3,0,0,KMALLOC,ls,kmalloc-64,|field 1 (alloc_ip) is not lowercase hexadecimal",
                "ffff,4000,ff00,64x,3,0,0,KMALLOC,ls,kmalloc-64,|field 4 (size) has unexpected characters",
                "ffff,4000,ff00,,3,0,0,KMALLOC,ls,kmalloc-64,|field 4 (size) is not an unsigned decimal number",
                "ffff,4000,ff00,-64,3,0,0,KMALLOC,ls,kmalloc-64,|field 4 (size) is not an unsigned decimal number",
                "ffff,x,ff00,64,3,0,0,KMALLOC,ls,kmalloc-64,|field 2 (pid) is not an unsigned decimal number",
                "ffff,1,ff00,64,3,0,11111111111111111,KMALLOC,ls,kmalloc-64,|field 7 (free_ip) has more than 16 hex digits",
                "ffff,1,ff00,64,3,99999999999999999999,0,KMALLOC,ls,kmalloc-64,|field 6 (free_index) is too large",
                "ffff,1,ff00,64,3,0,0,KMALLOC,ls,kmalloc-64|object line has 10 fields; the newest/v26 (11 fields, access lines with pid) format has 11",
                "'ffff    ,1,ff00,64,3,0,0,KMALLOC,ls,kmalloc-64,'|field 1 (alloc_ip) is padded to 8 characters; %-p pads to 16",
                "'ffff,1,ff00    ,64,3,0,0,KMALLOC,ls,kmalloc-64,'|field 3 (obj_va_ptr) has spaces after its digits",
                "'ffff,1,ff00,64,3,0,(____ptr,KMALLOC,ls,kmalloc-64,'|field 7 (free_ip) is not lowercase hexadecimal or a placeholder",
                "'ffff,1,ff00,64,3,0,  (null),KMALLOC,ls,kmalloc-64,'|field 7 (free_ip) is padded to 8 characters; %p pads to 16",
                "' ffff,1,0,4000'|access line must be indented by exactly two spaces",
                "'   ffff,1,0,4000'|access line must be indented by exactly two spaces",
                "'  ffff,1,0'|access line has fewer than 4 fields (access_ip,write_count,read_count,access_pid)",
                "'  ffff,1,0,4000,5'|access line has more than 4 fields",
                "'  ffff,1,z,4000'|field 3 (read_count) is not an unsigned decimal number",
            })
    void aMalformedLineIsReportedWithFileLineProblemAndText(String bad, String problem) throws Exception {
        Path f = write(GOOD + GOOD + bad + "\n" + GOOD);
        assertThatThrownBy(() -> KmapAnalyzer.summarize(f, KmapOptions.defaults()))
                .isInstanceOfSatisfying(KmapSyntaxException.class, e -> {
                    assertThat(e.line()).isEqualTo(5);
                    assertThat(e.problem()).startsWith(problem);
                    assertThat(e.getMessage()).startsWith(f + ":5: " + problem).endsWith(": " + bad);
                });
    }

    @Test
    void anAccessLineBeforeAnyObjectIsAnError() throws Exception {
        Path f = write("\n  ffff,1,0,4000\n" + GOOD);
        assertThatThrownBy(() -> KmapAnalyzer.summarize(f, KmapOptions.defaults()))
                .hasMessage(f + ":2: access line before any object line:   ffff,1,0,4000");
    }

    @Test
    void longLinesAreShownTruncated() throws Exception {
        String bad = "ffff,1,ff00,64,3,0,0" + "z".repeat(300) + ",KMALLOC,ls,,";
        Path f = write(GOOD + bad + "\n");
        assertThatThrownBy(() -> KmapAnalyzer.summarize(f, KmapOptions.defaults()))
                .isInstanceOfSatisfying(KmapSyntaxException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.getMessage()).endsWith("...").hasSizeLessThan(400);
                });
    }

    @Test
    void lenientSkipsAndCountsBadLinesAndTheAccessLinesOfBadObjects() throws Exception {
        Path f = write(GOOD
                + "ffff,1,ff00,64,3,0,0,KMALLOC,ls,kmalloc-64\n" // 3: too few fields
                + "  ffffffff96b6ed5b,5,5,4000\n" // 4: belongs to the bad object
                + "  ffffffff96b6ed5b,5,5,4000\n" // 5: too
                + GOOD // 6, 7
                + "  zz,1,0,1\n" // 8: bad access line
                + GOOD); // 9, 10
        KmapSummary s = KmapAnalyzer.summarize(f, KmapOptions.defaults().withLenient(true));
        assertThat(s.objects()).isEqualTo(3);
        assertThat(s.accessLines()).isEqualTo(3);
        assertThat(s.writes()).isEqualTo(3);
        assertThat(s.badLines()).isEqualTo(2);
        assertThat(s.orphanedAccessLines()).isEqualTo(2);
        assertThat(s.firstBadLine()).startsWith("3: object line has 10 fields");
    }

    @Test
    void lenientPassesOverObjectLinesOfNeitherFormatWhenDetecting() throws Exception {
        Path f = write("ffff,1,2\n" + GOOD);
        KmapSummary s = KmapAnalyzer.summarize(f, KmapOptions.defaults().withLenient(true));
        assertThat(s.format()).isEqualTo(KmapFormat.CURRENT);
        assertThat(s.objects()).isEqualTo(1);
        assertThat(s.badLines()).isEqualTo(1);
        assertThat(s.firstBadLine()).startsWith("1: object line has 3 fields");
    }

    @Test
    void aLineLongerThanTheBufferIsAnErrorEvenWhenLenient() throws Exception {
        Path f = write(GOOD + "ffff," + "1".repeat(500) + "\n" + GOOD);
        assertThatThrownBy(
                        () -> KmapAnalyzer.summarize(f, KmapOptions.defaults().withLenient(true), 1 << 30, 256))
                .isInstanceOfSatisfying(KmapSyntaxException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.problem()).startsWith("line longer than");
                });
    }
}
