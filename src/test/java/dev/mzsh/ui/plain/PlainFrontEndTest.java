package dev.mzsh.ui.plain;

import static dev.mzsh.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mzsh.session.ForegroundEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Plain mode's console echo and terminal hand-off on a JLine terminal over pipes. */
class PlainFrontEndTest {
    private PipedOutputStream keyboard;
    private ByteArrayOutputStream display;
    private Terminal terminal;

    @BeforeEach
    void setUp() throws Exception {
        keyboard = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(keyboard, 4096);
        display = new ByteArrayOutputStream();
        terminal = TerminalBuilder.builder()
                .system(false)
                .type("xterm")
                .streams(in, display)
                .build();
    }

    @AfterEach
    void tearDown() throws Exception {
        terminal.close();
    }

    private String shown() {
        synchronized (display) {
            return display.toString(StandardCharsets.UTF_8);
        }
    }

    /** An endpoint that records what is typed and lets the test print through it. */
    private static final class FakeEndpoint implements ForegroundEndpoint {
        final ByteArrayOutputStream typed = new ByteArrayOutputStream();
        final AtomicReference<Consumer<byte[]>> sink = new AtomicReference<>();
        final CompletableFuture<Void> ended = new CompletableFuture<>();
        final AtomicBoolean outputClosed = new AtomicBoolean();
        volatile int cols;

        public String title() {
            return "fake";
        }

        public AutoCloseable output(Consumer<byte[]> s) {
            sink.set(s);
            return () -> outputClosed.set(true);
        }

        public OutputStream input() {
            return typed;
        }

        public void resize(int columns, int rows) {
            cols = columns;
        }

        public CompletableFuture<Void> ended() {
            return ended;
        }
    }

    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private Thread attachInBackground(PlainForeground fg, FakeEndpoint e) {
        Thread t = new Thread(() -> {
            try {
                fg.attach(e);
            } catch (Throwable ex) {
                failure.set(ex);
            }
        });
        t.start();
        return t;
    }

    @Test
    void handOffPassesKeysAndOutputUntilCtrlBracket() throws Exception {
        terminal.setSize(new org.jline.terminal.Size(132, 40));
        PlainForeground fg = new PlainForeground(terminal);
        FakeEndpoint e = new FakeEndpoint();
        Thread t = attachInBackground(fg, e);
        eventually(Duration.ofSeconds(10), "the endpoint's output to be taken", () -> e.sink.get() != null);
        assertThat(fg.attached()).isTrue();
        assertThat(e.cols).isEqualTo(132);
        e.sink.get().accept("(gdb) ".getBytes(StandardCharsets.UTF_8));
        keyboard.write(new byte[] {'b', 't', 3, '\r'});
        keyboard.flush();
        eventually(Duration.ofSeconds(10), "four keys to reach the endpoint", () -> e.typed.size() >= 4);
        assertThat(e.typed.toByteArray()).containsExactly('b', 't', 3, '\r');
        assertThat(shown()).contains("(gdb) ");
        keyboard.write(new byte[] {'x', 0x1d, 'y'});
        keyboard.flush();
        t.join(5000);
        assertThat(t.isAlive()).isFalse();
        assertThat(failure.get()).isNull();
        eventually(Duration.ofSeconds(5), "the console echo", () -> shown().contains("back in mzsh"));
        assertThat(e.typed.toString(StandardCharsets.ISO_8859_1)).endsWith("x");
        assertThat(e.outputClosed).isTrue();
        assertThat(fg.attached()).isFalse();
        assertThat(shown()).contains("back in mzsh; fake still runs");
    }

    @Test
    void handOffEndsWhenTheEndpointEnds() throws Exception {
        PlainForeground fg = new PlainForeground(terminal);
        FakeEndpoint e = new FakeEndpoint();
        Thread t = attachInBackground(fg, e);
        eventually(Duration.ofSeconds(10), "the endpoint's output to be taken", () -> e.sink.get() != null);
        e.ended.complete(null);
        t.join(5000);
        assertThat(t.isAlive()).isFalse();
        // the terminal writer may still be flushing when attach returns
        eventually(Duration.ofSeconds(5), "the console echo", () -> shown().contains("fake ended"));
        assertThat(shown()).contains("fake ended");
    }

    @Test
    void consoleLinesKeepColoursButNoOtherControlSequences() {
        assertThat(ConsoleEcho.printable("/ # \033[6nls\033[31m red\033[0m\007\033]0;title\007 \033c end\r"))
                .isEqualTo("/ # ls\033[31m red\033[0m  end");
    }

    @Test
    void consoleFloodIsPrintedInBatchesWithASkipMarker() throws Exception {
        LineReader reader = LineReaderBuilder.builder().terminal(terminal).build();
        AtomicReference<Consumer<byte[]>> feed = new AtomicReference<>();
        AtomicBoolean echo = new AtomicBoolean(true);
        try (ConsoleEcho ignored = new ConsoleEcho(
                echo::get,
                c -> {
                    feed.set(c);
                    return () -> feed.set(null);
                },
                reader,
                () -> false)) {
            feed.get().accept("first line\r\npartial ".getBytes(StandardCharsets.UTF_8));
            feed.get().accept("done\r\n".getBytes(StandardCharsets.UTF_8));
            eventually(Duration.ofSeconds(5), "the console echo", () -> shown().contains("partial done"));
            assertThat(shown()).contains("first line").contains("partial done");
            StringBuilder flood = new StringBuilder();
            for (int i = 0; i < 20_000; i++) {
                flood.append("flood ").append(i).append("\r\n");
            }
            feed.get().accept(flood.toString().getBytes(StandardCharsets.UTF_8));
            eventually(Duration.ofSeconds(5), "the console echo", () -> shown().contains("flood 19999"));
            String s = shown();
            assertThat(s).contains("flood 19999").containsPattern("\\[\\d+ console lines skipped\\]");
            // Each flood line is printed or counted by a marker: however the batches fell on a busy machine.
            long printed = s.lines().filter(l -> l.startsWith("flood ")).count();
            Matcher m = Pattern.compile("\\[(\\d+) console lines skipped\\]").matcher(s);
            long skipped = 0;
            while (m.find()) {
                skipped += Long.parseLong(m.group(1));
            }
            assertThat(printed + skipped).isEqualTo(20_000);
            assertThat(printed).isLessThan(20_000);
            echo.set(false);
            feed.get().accept("hidden\r\n".getBytes(StandardCharsets.UTF_8));
            // a line fed after it, with the echo back on: once it shows, the hidden one would have shown
            echo.set(true);
            feed.get().accept("visible again\r\n".getBytes(StandardCharsets.UTF_8));
            eventually(Duration.ofSeconds(5), "the line after the hidden one", () -> shown().contains("visible again"));
            assertThat(shown()).doesNotContain("hidden");
        }
        assertThat(feed.get()).isNull();
    }
}
