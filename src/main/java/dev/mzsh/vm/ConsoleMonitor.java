package dev.mzsh.vm;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Receives the guest's serial console bytes: appends them to console.log, keeps
 * the last lines for error reports, passes complete lines to the panic watch and
 * the raw bytes to one sink (the session fans them out to front ends).
 */
public final class ConsoleMonitor {
    public static final int TAIL_LINES = 40;
    private static final int MAX_LINE = 4096;

    private final OutputStream log;
    private final ArrayDeque<String> tail = new ArrayDeque<>();
    private final StringBuilder line = new StringBuilder();
    private final Consumer<byte[]> sink;
    private volatile GuestFault fault;
    private volatile long bytes;
    private volatile Consumer<GuestFault> faultListener = f -> {};
    private volatile long lastBytesNanos = System.nanoTime();

    /** {@code sink} gets a copy of every chunk, on the console thread; it must not block. */
    public ConsoleMonitor(OutputStream log, Consumer<byte[]> sink) {
        this.log = log;
        this.sink = sink;
    }

    /** The first fault seen (a panic replaces an earlier oops: it is the worse news). */
    public Optional<GuestFault> fault() {
        return Optional.ofNullable(fault);
    }

    /**
     * The first fault, waiting up to {@code max} for one: when QEMU reports a panic (pvpanic),
     * the console's panic line may still be on its way through the pipe.
     */
    public Optional<GuestFault> awaitFault(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (fault == null && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return fault();
    }

    /** Console bytes seen so far: a boot that prints is making progress. */
    public long bytesSeen() {
        return bytes;
    }

    /** {@code listener} hears of the first fault, on the console thread; it must not block. */
    public void onFault(Consumer<GuestFault> listener) {
        this.faultListener = listener;
    }

    /** When the guest last printed (System.nanoTime): a fault's report is complete once it falls quiet. */
    public long lastBytesNanos() {
        return lastBytesNanos;
    }

    public void accept(byte[] buf, int len) {
        bytes += len; // one writer: the console thread
        lastBytesNanos = System.nanoTime();
        try {
            log.write(buf, 0, len);
            log.flush();
        } catch (IOException ignored) {
            // A full disk must not stop the guest; the tail is still kept.
        }
        sink.accept(Arrays.copyOf(buf, len));
        String text = new String(buf, 0, len, StandardCharsets.ISO_8859_1);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                endLine();
            } else if (c != '\r' && line.length() < MAX_LINE) {
                line.append(c);
            }
        }
    }

    /** Flushes a partial last line and closes the log (at QEMU exit). */
    public void finish() {
        if (line.length() > 0) {
            endLine();
        }
        try {
            log.close();
        } catch (IOException ignored) {
            // nothing more to write
        }
    }

    public synchronized List<String> tail() {
        return new ArrayList<>(tail);
    }

    private void endLine() {
        String l = new String(line.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        line.setLength(0);
        synchronized (this) {
            tail.addLast(l);
            while (tail.size() > TAIL_LINES) {
                tail.removeFirst();
            }
        }
        PanicWatch.classify(l).ifPresent(kind -> {
            if (fault == null || (kind == GuestFault.Kind.PANIC && fault.kind() != GuestFault.Kind.PANIC)) {
                boolean first = fault == null;
                fault = new GuestFault(kind, l.strip(), tail());
                if (first) {
                    faultListener.accept(fault);
                }
            }
        });
    }
}
