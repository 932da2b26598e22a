package dev.mzsh.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TerminalSafeTextTest {
    @Test
    void escapeSequencesAndOscBecomeVisibleInertText() {
        String hostile = "\033]0;pwned\007\033[2J\033[31mred\033[0m\033P+q\033\\";
        String safe = TerminalSafeText.of(hostile);
        assertThat(safe).doesNotContain("\033", "\007").isEqualTo("^[]0;pwned^G^[[2J^[[31mred^[[0m^[P+q^[\\");
    }

    @Test
    void c1ControlsInUtf8AndRawEightBitBytesAreReplaced() {
        assertThat(TerminalSafeText.of("a\u009b31mb\u009d0;x\u009c")).isEqualTo("a?31mb?0;x?");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream s = TerminalSafeText.stream(out)) {
            s.write(new byte[] {'a', (byte) 0x9b, '3', '1', 'm', (byte) 0xc0, (byte) 0x80, 'z'});
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("a?31m??z");
    }

    @Test
    void textNewlinesTabsAndUnicodePassUnchanged() {
        String text = "Oops: 0000 [#1] PREEMPT SMP\n\tgrüß ✓ 𝄞 café\r\nend";
        assertThat(TerminalSafeText.of(text)).isEqualTo(text);
    }

    @Test
    void aCarriageReturnThatWouldOverwriteTheLineIsDropped() {
        assertThat(TerminalSafeText.of("mzsh: ok\rFAKE")).isEqualTo("mzsh: okFAKE");
    }

    @Test
    void multiByteCharactersSplitAcrossWritesSurvive() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = "✓\u009b".getBytes(StandardCharsets.UTF_8);
        try (OutputStream s = TerminalSafeText.stream(out)) {
            for (byte x : b) {
                s.write(new byte[] {x});
            }
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("✓?");
    }
}
