package dev.mzsh.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuestScriptTest {
    /** The quoted value reaches the command as exactly one argument, whatever it holds. */
    @Test
    void quotedValuesReachShellUnchanged() throws Exception {
        String nasty = "a b'c\"$(touch /tmp/x)`id`;\\ *\n'";
        String script = new GuestScript().line("printf '%%s|' %s %s", nasty, "").text();
        Process p =
                new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertThat(p.waitFor()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(nasty + "||");
    }

    @Test
    void wordsQuoteEach() {
        assertThat(GuestScript.words(List.of("a", "it's"))).isEqualTo("'a' 'it'\\''s'");
        assertThat(GuestScript.quote("")).isEqualTo("''");
    }
}
