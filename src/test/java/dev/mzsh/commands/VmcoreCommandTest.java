package dev.mzsh.commands;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The line the vmcore verb has gdb echo: gdb reads C escapes in it, and part of it comes from the guest. */
class VmcoreCommandTest {
    @Test
    void backslashesAreDoubledSoGdbPrintsThemAsTyped() {
        assertThat(VmcoreCommand.gdbEchoText("a\\033[31m b")).isEqualTo("a\\\\033[31m b");
    }

    @Test
    void controlCharactersFromTheGuestAreLeftOut() {
        assertThat(VmcoreCommand.gdbEchoText("release 6.1\u001b[2J\r\n\u0007x\u00e9"))
                .isEqualTo("release 6.1[2Jx");
    }
}
