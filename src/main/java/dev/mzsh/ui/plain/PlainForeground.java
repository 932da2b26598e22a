package dev.mzsh.ui.plain;

import dev.mzsh.commands.Foreground;
import dev.mzsh.commands.UsageException;
import dev.mzsh.session.ForegroundEndpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.utils.NonBlockingReader;

/**
 * Plain mode's hand-off: the whole terminal, raw, goes to the endpoint (Ctrl-C
 * included, so gdb can interrupt its target) until it ends or Ctrl-] is typed.
 */
public final class PlainForeground implements Foreground {
    private static final long POLL_MILLIS = 50;
    private final Terminal terminal;
    private final AtomicBoolean attached = new AtomicBoolean();

    public PlainForeground(Terminal terminal) {
        this.terminal = terminal;
    }

    /** True while an endpoint owns the terminal (the console echo keeps quiet then). */
    public boolean attached() {
        return attached.get();
    }

    @Override
    public void attach(ForegroundEndpoint endpoint) throws IOException, InterruptedException {
        if (!attached.compareAndSet(false, true)) {
            throw new UsageException("something is attached already");
        }
        Attributes saved = terminal.enterRawMode();
        Attributes raw = new Attributes(terminal.getAttributes());
        raw.setLocalFlag(Attributes.LocalFlag.ISIG, false); // Ctrl-C, Ctrl-Z go to the endpoint
        terminal.setAttributes(raw);
        Terminal.SignalHandler previousWinch = terminal.handle(Terminal.Signal.WINCH, s -> sendSize(endpoint));
        terminal.writer().print("[" + endpoint.title() + "; " + ESCAPE_NAME + " returns to mzsh]\r\n");
        terminal.flush();
        OutputStream screen = terminal.output();
        sendSize(endpoint);
        AutoCloseable output = endpoint.output(bytes -> {
            try {
                synchronized (screen) {
                    screen.write(bytes);
                    screen.flush();
                }
            } catch (IOException ignored) {
                // the terminal went away; the read loop ends too
            }
        });
        try {
            pumpKeys(endpoint);
        } finally {
            try {
                output.close();
            } catch (Exception ignored) {
                // delivery stops either way
            }
            terminal.handle(Terminal.Signal.WINCH, previousWinch);
            terminal.setAttributes(saved);
            terminal.writer().println();
            terminal.writer()
                    .println("[back in mzsh; " + endpoint.title()
                            + (endpoint.ended().isDone() ? " ended]" : " still runs]"));
            terminal.flush();
            attached.set(false);
        }
    }

    private void pumpKeys(ForegroundEndpoint endpoint) throws IOException, InterruptedException {
        NonBlockingReader keys = terminal.reader();
        OutputStream in = endpoint.input();
        StringBuilder typed = new StringBuilder();
        while (!endpoint.ended().isDone()) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            int c = keys.read(POLL_MILLIS);
            if (c == NonBlockingReader.READ_EXPIRED) {
                continue;
            }
            if (c < 0) {
                return; // the terminal closed
            }
            typed.setLength(0);
            for (; c >= 0; c = keys.peek(1) >= 0 ? keys.read(1) : -1) {
                if (c == ESCAPE) {
                    send(in, typed);
                    return;
                }
                typed.append((char) c);
            }
            send(in, typed);
        }
    }

    private static void send(OutputStream in, CharSequence typed) throws IOException {
        if (typed.length() > 0) {
            in.write(typed.toString().getBytes(StandardCharsets.UTF_8));
            in.flush();
        }
    }

    private void sendSize(ForegroundEndpoint endpoint) {
        Size size = terminal.getSize();
        if (size.getColumns() > 0 && size.getRows() > 0) {
            endpoint.resize(size.getColumns(), size.getRows());
        }
    }
}
