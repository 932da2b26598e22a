package dev.mzsh.ui.split;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BarChartTest {
    @Test
    void barsAreProportionalInEighthsOfACell() {
        assertThat(BarChart.bar(10, 10, 4)).isEqualTo("\u2588\u2588\u2588\u2588");
        assertThat(BarChart.bar(5, 10, 3)).isEqualTo("\u2588\u258C"); // 1.5 cells
        assertThat(BarChart.bar(1, 1000, 4)).isEqualTo("\u258F"); // tiny but not zero: an eighth
        assertThat(BarChart.bar(0, 10, 4)).isEmpty();
    }

    @Test
    void everyLineFitsTheWidthAndTheLargestValueFillsIt() {
        List<BarChart.Bar> bars = List.of(
                new BarChart.Bar("a_very_long_symbol_name_that_cannot_fit+0x10", 1234, "2.0 KiB"),
                new BarChart.Bar("short", 617, "12 B"));
        for (int width : List.of(40, 63, 79, 120)) {
            List<StyledLine> lines = BarChart.lines(bars, width);
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0).text())
                    .hasSize(width)
                    .contains("1,234")
                    .contains("2.0 KiB")
                    .endsWith("\u2588");
            assertThat(lines.get(1).text().length()).isLessThan(width);
            assertThat(lines.get(1).text()).contains("617").contains("short");
        }
        assertThat(BarChart.lines(bars, 40).get(0).text()).contains("\u2026");
    }
}
