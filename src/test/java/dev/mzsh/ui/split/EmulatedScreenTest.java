package dev.mzsh.ui.split;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.TextColor;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EmulatedScreenTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void floodKeepsTheNewestLinesAndTheirColoursAcrossCopies() {
        EmulatedScreen s = new EmulatedScreen(60, 0, 100);
        for (int i = 0; i < 5000; i++) {
            s.feed(b("flood \033[31m" + i + "\033[0m tail\r\n"));
        }
        s.feed(b("$ "));
        EmulatedScreen.Snapshot v = s.view(10, 0);
        assertThat(v.rowText(9)).startsWith("$ ");
        assertThat(v.rowText(8)).startsWith("flood 4999 tail");
        assertThat(v.rowText(0)).startsWith("flood 4991 tail");
        assertThat(CellStyle.foreground(v.cell(6, 8))).isEqualTo(TextColor.ANSI.RED);
        assertThat(CellStyle.foreground(v.cell(11, 8))).isEqualTo(TextColor.ANSI.DEFAULT);
        assertThat(v.cursorRow()).isEqualTo(9);
        assertThat(v.cursorCol()).isEqualTo(2);
        // scrolling back reaches at most the scrollback
        assertThat(s.maxBack(10)).isBetween(85, 100);
        EmulatedScreen.Snapshot back = s.view(10, 1000);
        assertThat(back.rowText(0)).startsWith("flood 49");
    }

    @Test
    void answersCursorPositionQueries() {
        EmulatedScreen s = new EmulatedScreen(40, 10, 0);
        assertThat(s.feed(b("/ # \033[6n"))).isEqualTo("\033[1;5R");
        assertThat(s.feed(b("ls"))).isEmpty();
    }

    @Test
    void fewLinesShowAtTheTop() {
        EmulatedScreen s = new EmulatedScreen(40, 0, 100);
        s.feed(b("one\r\ntwo\r\n"));
        EmulatedScreen.Snapshot v = s.view(5, 0);
        assertThat(v.rowText(0)).startsWith("one");
        assertThat(v.rowText(1)).startsWith("two");
        assertThat(s.maxBack(5)).isZero();
    }

    @Test
    void endpointScreenHasThePaneSizeAndFollowsResizes() {
        EmulatedScreen s = new EmulatedScreen(20, 5, 0);
        s.feed(b("\033[3;4Hx"));
        EmulatedScreen.Snapshot v = s.view(5, 0);
        assertThat(v.rowText(2)).isEqualTo("   x                ");
        assertThat(s.resize(30, 8)).isTrue();
        assertThat(s.view(8, 0).cols()).isEqualTo(30);
        assertThat(s.resize(30, 8)).isFalse();
    }

    @Test
    void tenMegabytesOfScrollingEscapeSequencesRetainOnlyTheScreen() {
        // The split view's console: 80 columns (until the pane is measured), the most scrollback there is.
        EmulatedScreen s = new EmulatedScreen(80, 0, EmulatedScreen.MAX_SIZE);
        // Every way a terminal scrolls without a newline: ESC[nS, index (ESC D), wrapping long lines.
        String wide = "w".repeat(3 * 80);
        byte[] chunk = b("\033[999S\033[3S\033D\033D" + wide + "\033[S\033E\033[256S");
        long fed = 0;
        int maxRetained = 0;
        while (fed < 10L << 20) {
            s.feed(chunk);
            fed += chunk.length;
            maxRetained = Math.max(maxRetained, s.retainedRows());
        }
        s.feed(b("\r\nend"));
        assertThat(maxRetained).as("rows retained after any feed").isEqualTo(EmulatedScreen.MAX_SIZE);
        assertThat((long) maxRetained * EmulatedScreen.MAX_SIZE * 8)
                .isLessThanOrEqualTo(EmulatedScreen.RETAINED_BYTES_BOUND);
        EmulatedScreen.Snapshot v = s.view(5, 0);
        assertThat(v.rowText(4)).startsWith("end");
    }
}
