package dev.mzsh.ui.plain;

import dev.mzsh.session.Session;
import dev.mzsh.ui.TerminalSafeText;
import dev.mzsh.ui.Utf8Lines;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jline.reader.LineReader;

/**
 * Shows the guest console in plain mode: complete lines above the prompt while the
 * user types (JLine printAbove keeps the line being edited), directly while a command
 * runs. A flooding guest must not make typing lag: lines wait in a bounded
 * {@link ConsoleBacklog}, are printed in batches at most every {@link #BATCH_MILLIS}
 * ms, and what does not fit is dropped with a "[n console lines skipped]" marker.
 */
public final class ConsoleEcho implements AutoCloseable {
    static final long BATCH_MILLIS = 40;
    /** Every escape sequence except SGR (colours: CSI ... m). */
    private static final Pattern CONTROL_SEQUENCE = Pattern.compile(
            "\u001B\\[[0-?]*[ -/]*[@-ln-~]|\u001B\\][^\u0007\u001B]*(\u0007|\u001B\\\\)?|\u001B(?![\\[\\]]).?");

    private final BooleanSupplier echoOn;
    private final LineReader reader;
    private final BooleanSupplier suppressed;
    private final ConsoleBacklog backlog = new ConsoleBacklog();
    private final Utf8Lines lines = new Utf8Lines(this::enqueue);
    private final Runnable unsubscribe;
    private final Thread printer;

    /** @param suppressed true while something else owns the screen (an attached endpoint) */
    public ConsoleEcho(Session session, LineReader reader, BooleanSupplier suppressed) {
        this(session::consoleEcho, session::subscribeConsole, reader, suppressed);
    }

    ConsoleEcho(
            BooleanSupplier echoOn,
            Function<Consumer<byte[]>, Runnable> source,
            LineReader reader,
            BooleanSupplier suppressed) {
        this.echoOn = echoOn;
        this.reader = reader;
        this.suppressed = suppressed;
        this.printer = new Thread(this::printLoop, "mzsh-console-echo");
        this.printer.setDaemon(true);
        this.printer.start();
        this.unsubscribe = source.apply(this::onBytes);
    }

    private void onBytes(byte[] bytes) {
        synchronized (lines) {
            lines.accept(bytes, 0, bytes.length);
        }
    }

    private void enqueue(String raw) {
        if (!echoOn.getAsBoolean() || suppressed.getAsBoolean()) {
            return;
        }
        backlog.add(printable(raw));
    }

    private void printLoop() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                backlog.awaitLine();
                Thread.sleep(BATCH_MILLIS); // let a burst gather into one batch
                String text = backlog.nextBatch();
                if (text != null) {
                    print(text);
                }
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    /**
     * The line without control sequences other than colours: a guest shell asks the
     * terminal for its cursor position (ESC[6n), and passing that on would make the
     * host terminal type its answer into mzsh's prompt.
     */
    static String printable(String line) {
        String s = CONTROL_SEQUENCE.matcher(line).replaceAll("");
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= ' ' || c == '\t' || (c == 0x1b && s.startsWith("[", i + 1))) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private void print(String guestText) {
        if (!echoOn.getAsBoolean() || suppressed.getAsBoolean()) {
            return;
        }
        String text = TerminalSafeText.of(guestText);
        if (reader.isReading()) {
            reader.printAbove(text);
        } else {
            var w = reader.getTerminal().writer();
            w.println(text);
            w.flush();
        }
    }

    @Override
    public void close() {
        unsubscribe.run();
        printer.interrupt();
    }
}
