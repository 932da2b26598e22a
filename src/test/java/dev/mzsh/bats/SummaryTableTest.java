package dev.mzsh.bats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTableTest {
    @Test
    void countsPerFileThenEachFailureWithItsFirstDiagnosticLines() {
        TapParser p = new TapParser();
        StringBuilder tap = new StringBuilder("1..4\nsuite a.bat\nok 1 one\nnot ok 2 two\n");
        for (int i = 1; i <= 8; i++) {
            tap.append("# diag ").append(i).append('\n');
        }
        tap.append("suite b.bats\nok 3 three # skip later\nok 4 four\n");
        tap.toString().lines().forEach(p::accept);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        SummaryTable.print(
                p.results(),
                List.of("plan 1..5 but 4 tests reported"),
                new PrintStream(out, true, StandardCharsets.UTF_8));

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0)).matches("file\\s+tests\\s+passed\\s+failed\\s+skipped");
        assertThat(lines.get(1)).matches("a\\.bat\\s+2\\s+1\\s+1\\s+0");
        assertThat(lines.get(2)).matches("b\\.bats\\s+2\\s+1\\s+0\\s+1");
        assertThat(lines.get(3)).matches("total\\s+4\\s+2\\s+1\\s+1");
        assertThat(lines.get(4)).isEqualTo("not ok 2 two  (a.bat)");
        assertThat(lines.subList(5, 11))
                .containsExactly("    diag 1", "    diag 2", "    diag 3", "    diag 4", "    diag 5", "    diag 6");
        assertThat(lines.get(11)).isEqualTo("    ... (2 more lines in the TAP file)");
        assertThat(lines.get(12)).isEqualTo("problem: plan 1..5 but 4 tests reported");
    }
}
