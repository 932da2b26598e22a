package dev.mzsh.ui.plain;

import dev.mzsh.session.Session;
import dev.mzsh.ui.Utf8Lines;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.jline.reader.LineReader;

/**
 * Shows the guest console in plain mode: complete lines above the prompt while the
 * user types (JLine printAbove keeps the line being edited), directly while a command
 * runs. A flooding guest must not make typing lag: lines wait in a bounded queue,
 * are printed in batches at most every {@link #BATCH_MILLIS} ms, and what does not
 * fit is dropped with a "[n console lines skipped]" marker.
 */
public final class ConsoleEcho implements AutoCloseable {
    static final int MAX_QUEUED = 2000;
    static final int MAX_PER_BATCH = 200;
    static final long BATCH_MILLIS = 40;
    /** Every escape sequence except SGR (colours: CSI ... m). */
    private static final java.util.regex.Pattern CONTROL_SEQUENCE = java.util.regex.Pattern.compile(
            "\u001B\\[[0-?]*[ -/]*[@-ln-~]|\u001B\\][^\u0007\u001B]*(\u0007|\u001B\\\\)?|\u001B(?![\\[\\]]).?");

    private final java.util.function.BooleanSupplier echoOn;
    private final LineReader reader;
    private final BooleanSupplier suppressed;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private final Utf8Lines lines = new Utf8Lines(this::enqueue);
    private final Runnable unsubscribe;
    private final Thread printer;
    private long skipped;

    /** @param suppressed true while something else owns the screen (an attached endpoint) */
    public ConsoleEcho(Session session, LineReader reader, BooleanSupplier suppressed) {
        this(session::consoleEcho, session::subscribeConsole, reader, suppressed);
    }

    ConsoleEcho(BooleanSupplier echoOn, java.util.function.Function<java.util.function.Consumer<byte[]>, Runnable> source,
                LineReader reader, BooleanSupplier suppressed) {
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
        String line = printable(raw);
        synchronized (queue) {
            if (queue.size() >= MAX_QUEUED) {
                queue.removeFirst(); // the newest lines matter most
                skipped++;
            }
            queue.addLast(line);
            queue.notifyAll();
        }
    }

    private void printLoop() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                synchronized (queue) {
                    while (queue.isEmpty()) {
                        queue.wait();
                    }
                }
                Thread.sleep(BATCH_MILLIS); // let a burst gather into one batch
                String text = nextBatch();
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

    /** The queued lines as one text, the oldest beyond {@link #MAX_PER_BATCH} replaced by a marker. */
    String nextBatch() {
        List<String> batch;
        long dropped;
        synchronized (queue) {
            while (queue.size() > MAX_PER_BATCH) {
                queue.removeFirst();
                skipped++;
            }
            batch = new ArrayList<>(queue);
            queue.clear();
            dropped = skipped;
            skipped = 0;
        }
        if (batch.isEmpty() && dropped == 0) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        if (dropped > 0) {
            sb.append("[").append(dropped).append(" console lines skipped]");
        }
        for (String l : batch) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(l);
        }
        return sb.toString();
    }

    private void print(String guestText) {
        if (!echoOn.getAsBoolean() || suppressed.getAsBoolean()) {
            return;
        }
        String text = dev.mzsh.ui.TerminalSafeText.of(guestText);
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
