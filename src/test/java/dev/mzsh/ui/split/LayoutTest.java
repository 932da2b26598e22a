package dev.mzsh.ui.split;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LayoutTest {
    @Test
    void partsStayInsideAndApartAtEverySupportedSize() {
        for (int cols = 80; cols <= 260; cols += 7) {
            for (int rows = 24; rows <= 70; rows += 5) {
                Layout l = Layout.of(cols, rows);
                List<Rect> parts = List.of(l.console(), l.results(), l.status(), l.command());
                for (Rect a : parts) {
                    assertThat(a.within(cols, rows))
                            .as(a + " in " + cols + "x" + rows)
                            .isTrue();
                    for (Rect b : parts) {
                        assertThat(a != b && a.overlaps(b)).as(a + " / " + b).isFalse();
                    }
                }
                assertThat(l.console().rows()).isGreaterThanOrEqualTo(8);
                assertThat(l.results().rows()).isGreaterThanOrEqualTo(5);
            }
        }
    }

    @Test
    void wideScreensPutPanesSideBySide() {
        Layout l = Layout.of(200, 50);
        assertThat(l.console().row()).isEqualTo(l.results().row());
        assertThat(l.console().rows()).isEqualTo(48);
        Layout narrow = Layout.of(80, 24);
        assertThat(narrow.results().row()).isEqualTo(narrow.console().rows());
    }
}
