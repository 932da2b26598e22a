package dev.mzsh.bats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TapRecorderTest {
    @TempDir
    Path dir;

    @Test
    void writesPlainTapAsItArrivesUnderAPartialNameThenRenames() throws Exception {
        Path tap = dir.resolve("results.tap");
        List<String> seen = new ArrayList<>();
        TapRecorder rec = new TapRecorder(new TapParser(), tap, seen::add);
        byte[] chunk = "1..2\nsuite /t/a.bats\nbegin 1 a\nok 1 a\nbegin 2 b\nnot o".getBytes(StandardCharsets.UTF_8);
        rec.write(chunk, 0, chunk.length);
        rec.flush();

        // mid-run: only complete TAP lines are on disk, under the partial name
        assertThat(tap).doesNotExist();
        assertThat(rec.partialFile()).hasContent("1..2\nok 1 a");
        assertThat(seen).containsExactly("1..2", "ok 1 a");

        rec.write("k 2 b\n# why\n".getBytes(StandardCharsets.UTF_8));
        BatsResults r = rec.finish(null);
        rec.close();

        assertThat(tap).hasContent("1..2\nok 1 a\nnot ok 2 b\n# why");
        assertThat(rec.partialFile()).doesNotExist();
        assertThat(r.tests()).extracting(TapTest::file).containsOnly("/t/a.bats");
        assertThat(r.failed())
                .singleElement()
                .satisfies(t -> assertThat(t.diagnostics()).containsExactly("why"));
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void aRunCutShortKeepsWhatWasSeenAndEndsWithBailOut() throws Exception {
        Path tap = dir.resolve("results.tap");
        TapRecorder rec = new TapRecorder(new TapParser(), tap, l -> {});
        rec.write("1..3\nbegin 1 a\nok 1 a\nbegin 2 crash\nhalf a li".getBytes(StandardCharsets.UTF_8));
        BatsResults r = rec.finish("the guest failed during the run: guest kernel panic");

        assertThat(Files.readAllLines(tap))
                .containsExactly(
                        "1..3",
                        "ok 1 a",
                        "half a li",
                        "Bail out! mzsh: the guest failed during the run: guest kernel panic");
        assertThat(r.running()).hasValueSatisfying(s -> assertThat(s.name()).isEqualTo("crash"));
        assertThat(r.problems())
                .containsExactly(
                        "plan 1..3 but 1 tests reported",
                        "Bail out! mzsh: the guest failed during the run: guest kernel panic");
    }

    @Test
    void byteAtATimeWritesSplitLinesCorrectly() throws Exception {
        Path tap = dir.resolve("results.tap");
        TapRecorder rec = new TapRecorder(new TapParser(), tap, l -> {});
        for (byte b : "1..1\nok 1 ünïcode\n".getBytes(StandardCharsets.UTF_8)) {
            rec.write(b);
        }
        BatsResults r = rec.finish(null);
        assertThat(r.tests()).extracting(TapTest::name).containsExactly("ünïcode");
        assertThat(tap).hasContent("1..1\nok 1 ünïcode");
    }

    @Test
    void anEndlessLineAndEndlessDiagnosticsAreBoundedInMemory() throws Exception {
        Path tap = dir.resolve("results.tap");
        TapRecorder rec = new TapRecorder(new TapParser(), tap, l -> {});
        rec.write("1..1\nnot ok 1 noisy\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        byte[] junk = new byte[1 << 20];
        java.util.Arrays.fill(junk, (byte) 'x');
        for (int i = 0; i < 8; i++) {
            rec.write(junk); // 8 MiB without a newline
        }
        rec.write('\n');
        for (int i = 0; i < 5000; i++) {
            rec.write(("# line " + i + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        BatsResults r = rec.finish(null);
        assertThat(java.nio.file.Files.readAllLines(tap).get(2)).hasSize(TapRecorder.MAX_LINE);
        assertThat(r.tests().get(0).diagnostics())
                .hasSize(TapParser.MAX_KEPT_LINES)
                .endsWith("[mzsh: further diagnostics only in results.tap]");
        assertThat(java.nio.file.Files.readAllLines(tap)).contains("# line 4999");
    }
}
