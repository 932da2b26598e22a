package dev.mzsh.ui.split;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultsLogTest {
    private static final ResultsBlock WIDTH_BLOCK =
            w -> List.of(StyledLine.plain("block"), StyledLine.plain("x".repeat(w)));

    @Test
    void blocksAreDrawnAtTheAskedWidthAndAnchorTheView() {
        ResultsLog log = new ResultsLog();
        log.begin("mzsh> verb");
        log.printStream().println("report line");
        log.printStream().print("half a line");
        long before = log.view(10).anchorSerial();
        log.add(WIDTH_BLOCK);
        log.add("after");

        ResultsLog.View v = log.view(12);
        assertThat(v.lines())
                .extracting(StyledLine::text)
                .containsExactly("mzsh> verb", "report line", "half a line", "block", "x".repeat(12), "after");
        assertThat(v.anchor()).isEqualTo(3);
        assertThat(v.anchorSerial()).isNotEqualTo(before);
        assertThat(log.view(30).lines().get(4).text()).hasSize(30);

        log.begin("mzsh> next");
        assertThat(log.view(12).anchor()).isEqualTo(-1);
        assertThat(log.lines()).containsExactly("mzsh> next");
    }

    @Test
    void theAnchorFollowsItsBlockWhenOldLinesGo() {
        ResultsLog log = new ResultsLog();
        log.add("first");
        log.add(WIDTH_BLOCK);
        for (int i = 0; i < ResultsLog.MAX_LINES - 2; i++) {
            log.add("line " + i);
        }
        assertThat(log.view(5).anchor()).isEqualTo(1);
        log.add("one more");
        assertThat(log.view(5).anchor()).isZero();
        assertThat(log.view(5).lines().get(0).text()).isEqualTo("block");
        log.add("and another");
        assertThat(log.view(5).anchor()).isEqualTo(-1);
    }

    @Test
    void longLinesWrapToThePaneWidth() {
        ResultsLog log = new ResultsLog();
        log.add("mzsh: " + "x".repeat(40));
        List<StyledLine> rows = log.view(20).lines();
        assertThat(rows)
                .extracting(StyledLine::text)
                .containsExactly("mzsh: xxxxxxxxxxxxxx", "x".repeat(20), "x".repeat(6));
        assertThat(rows.get(1).spans().get(0).color())
                .as("an error stays yellow when wrapped")
                .isEqualTo(com.googlecode.lanterna.TextColor.ANSI.YELLOW);
        assertThat(log.view(80).lines()).hasSize(1);
    }
}
