package dev.mzsh.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrontEndTest {
    @Test
    void splitOnlyOnACapableLargeEnoughTerminal() {
        assertThat(FrontEnd.choose(false, "xterm-256color", "xterm-256color", 80, 24))
                .isEqualTo(FrontEnd.SPLIT);
        assertThat(FrontEnd.choose(false, "screen", "screen", 200, 50)).isEqualTo(FrontEnd.SPLIT);
        assertThat(FrontEnd.choose(true, "xterm", "xterm", 200, 50)).isEqualTo(FrontEnd.PLAIN);
        assertThat(FrontEnd.choose(false, "dumb", "dumb", 200, 50)).isEqualTo(FrontEnd.PLAIN);
        assertThat(FrontEnd.choose(false, "xterm", "dumb-color", 200, 50)).isEqualTo(FrontEnd.PLAIN);
        assertThat(FrontEnd.choose(false, null, "xterm", 200, 50)).isEqualTo(FrontEnd.PLAIN);
        assertThat(FrontEnd.choose(false, "xterm", "xterm", 79, 50)).isEqualTo(FrontEnd.PLAIN);
        assertThat(FrontEnd.choose(false, "xterm", "xterm", 200, 23)).isEqualTo(FrontEnd.PLAIN);
    }
}
