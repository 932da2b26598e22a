package dev.mzsh.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleFanOutTest {
    @Test
    void everyListenerGetsTheBytesUntilItLeaves() {
        ConsoleFanOut fanOut = new ConsoleFanOut();
        ByteArrayOutputStream pane = new ByteArrayOutputStream();
        ByteArrayOutputStream attached = new ByteArrayOutputStream();
        fanOut.subscribe(pane::writeBytes);
        Runnable detach = fanOut.subscribe(attached::writeBytes);
        fanOut.accept(bytes("\u001b[1mbold\u001b[0m\r\n"));
        detach.run();
        fanOut.accept(bytes("after\n"));
        assertThat(attached.toString(StandardCharsets.UTF_8)).isEqualTo("\u001b[1mbold\u001b[0m\r\n");
        assertThat(pane.toString(StandardCharsets.UTF_8)).isEqualTo("\u001b[1mbold\u001b[0m\r\nafter\n");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
