package dev.mzsh.kmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Splitting the file into parts (threads) or small buffers must not change the summary. */
class KmapPartsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(
            value = KmapFormat.class,
            names = {"CURRENT", "PRE_V26", "V4X_10", "V4X_9", "LEGACY"})
    void anyNumberOfPartsAndAnyBufferSizeGiveTheSameSummary(KmapFormat gen) throws Exception {
        Path f = dir.resolve("r.kmap");
        Files.writeString(f, RandomKmap.text(7, 3000, gen), StandardCharsets.UTF_8);
        KmapOptions one = KmapOptions.defaults().withThreads(1).withTop(50);
        KmapSummary expected = KmapAnalyzer.summarize(f, one, Long.MAX_VALUE, KmapReader.BUFFER);
        assertThat(expected.objects()).isEqualTo(3000);
        assertThat(expected.format()).isEqualTo(gen);
        assertThat(expected.badLines()).isZero();
        for (int threads : List.of(2, 3, 5, 8, 31)) {
            for (int buffer : List.of(KmapReader.BUFFER, 4096, 300)) {
                KmapSummary s = KmapAnalyzer.summarize(f, one.withThreads(threads), 1, buffer);
                assertThat(s).as("%d threads, %d-byte buffer", threads, buffer).isEqualTo(expected);
            }
        }
    }

    @Test
    void partsCoverTheFileInOrderWithSmallOnesFirst() {
        for (long size : new long[] {0, 1, 100, 5L << 20, 1L << 30, 7_000_000_123L}) {
            for (int parts : new int[] {1, 2, 3, 17, 32}) {
                assertThat(KmapAnalyzer.start(0, parts, size)).isZero();
                assertThat(KmapAnalyzer.start(parts, parts, size)).isEqualTo(size);
                for (int p = 0; p < parts; p++) {
                    assertThat(KmapAnalyzer.start(p + 1, parts, size))
                            .isGreaterThanOrEqualTo(KmapAnalyzer.start(p, parts, size));
                }
            }
        }
        long gb = 1L << 30;
        assertThat(KmapAnalyzer.start(1, 32, gb)).isEqualTo(KmapAnalyzer.SMALL_PART);
        assertThat(KmapAnalyzer.start(32, 32, gb) - KmapAnalyzer.start(31, 32, gb))
                .isEqualTo((gb - (16L << 20)) / 16);
    }

    @Test
    void theKernelsCsvFilesSplitIntoPartsAlike() throws Exception {
        java.util.Random r = new java.util.Random(5);
        StringBuilder acc = new StringBuilder(FormatProbe.ACCESSES_HEADER + "\n");
        StringBuilder alloc = new StringBuilder(FormatProbe.ALLOCATIONS_HEADER + "\n");
        for (int i = 1; i <= 3000; i++) {
            acc.append(i)
                    .append(',')
                    .append(String.format("%016x", 0xffffffff81000000L + r.nextInt(500)))
                    .append(',')
                    .append(Long.toUnsignedString(r.nextInt(3) - 1))
                    .append(',')
                    .append(r.nextInt(9))
                    .append(',')
                    .append(r.nextInt(99))
                    .append('\n');
            alloc.append(String.format(
                            "%-16s",
                            Long.toHexString(r.nextBoolean() ? 0xfeedbeefL : 0xffffffff81000000L + r.nextInt(99))))
                    .append(",1,")
                    .append(String.format("%016x", 0xffff888000000000L + 64L * i))
                    .append(",64,")
                    .append(i)
                    .append(",0,0000000000000000,KMALLOC,")
                    .append(r.nextBoolean() ? "sh" : "a,b")
                    .append(",kmalloc-64,\n");
        }
        for (String text : List.of(acc.toString(), alloc.toString())) {
            Path f = dir.resolve("t.csv");
            Files.writeString(f, text, StandardCharsets.UTF_8);
            KmapOptions one = KmapOptions.defaults().withThreads(1).withTop(50);
            KmapSummary expected = KmapAnalyzer.summarize(f, one, Long.MAX_VALUE, KmapReader.BUFFER);
            assertThat(expected.objects() + expected.accessLines()).isEqualTo(3000);
            for (int threads : List.of(2, 5, 31)) {
                assertThat(KmapAnalyzer.summarize(f, one.withThreads(threads), 1, 300))
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void partsAgreeWithOneThreadOnTheFirstBadLineNumber() throws Exception {
        String text = RandomKmap.text(11, 2000, KmapFormat.CURRENT);
        List<String> lines = text.lines().toList();
        int at = (int) (lines.size() * 0.8); // well inside a later part
        while (lines.get(at).startsWith(" ") || lines.get(at).isEmpty()) {
            at++;
        }
        int bad = at;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            sb.append(i == bad ? lines.get(i).replaceFirst(",", ",x") : lines.get(i))
                    .append('\n');
        }
        Path f = dir.resolve("bad.kmap");
        Files.writeString(f, sb, StandardCharsets.UTF_8);
        for (int threads : List.of(1, 2, 4, 7)) {
            assertThatThrownBy(() ->
                            KmapAnalyzer.summarize(f, KmapOptions.defaults().withThreads(threads), 1, 4096))
                    .isInstanceOfSatisfying(
                            KmapSyntaxException.class, e -> assertThat(e.line()).isEqualTo(bad + 1L));
            KmapSummary lenient = KmapAnalyzer.summarize(
                    f, KmapOptions.defaults().withThreads(threads).withLenient(true), 1, 4096);
            assertThat(lenient.badLines()).isEqualTo(1);
            assertThat(lenient.firstBadLine()).startsWith((bad + 1) + ": field 2 (pid)");
            assertThat(lenient.objects()).isEqualTo(1999);
        }
    }
}
