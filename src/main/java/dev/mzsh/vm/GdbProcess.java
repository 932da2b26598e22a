package dev.mzsh.vm;

import com.pty4j.PtyProcess;
import com.pty4j.WinSize;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The host gdb in its own pty, so that its line editing and pager work as on a
 * terminal. Output printed before anyone listens (the banner, the first prompt)
 * is kept and handed to the first listener.
 */
public final class GdbProcess implements AutoCloseable {
    public static final String PROMPT = "(gdb) ";
    private static final int MAX_PENDING = 1 << 20;

    private final PtyProcess process;
    private final List<Consumer<byte[]>> sinks = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final Object promptLock = new Object();
    private long prompts;
    private String carry = "";

    private GdbProcess(PtyProcess process) {
        this.process = process;
        Thread pump = new Thread(this::pump, "gdb-output");
        pump.setDaemon(true);
        pump.start();
    }

    public static GdbProcess start(List<String> command, int columns, int rows) throws IOException {
        PtyProcess p = Ptys.start(command, columns, rows);
        return new GdbProcess(p);
    }

    private void pump() {
        byte[] buf = new byte[8192];
        try (InputStream in = process.getInputStream()) {
            for (int n; (n = in.read(buf)) > 0; ) {
                byte[] chunk = Arrays.copyOf(buf, n);
                countPrompts(chunk);
                deliver(chunk);
            }
        } catch (IOException ignored) {
            // EIO from the pty: gdb has exited
        } finally {
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ended.complete(null);
        }
    }

    private synchronized void deliver(byte[] chunk) {
        if (sinks.isEmpty()) {
            if (pending.size() + chunk.length <= MAX_PENDING) {
                pending.writeBytes(chunk);
            }
            return;
        }
        for (Consumer<byte[]> s : sinks) {
            s.accept(chunk);
        }
    }

    /** Delivers gdb's output to {@code sink} from now on, starting with what nobody has seen yet. */
    public synchronized AutoCloseable output(Consumer<byte[]> sink) {
        if (sinks.isEmpty() && pending.size() > 0) {
            sink.accept(pending.toByteArray());
            pending.reset();
        }
        sinks.add(sink);
        return () -> sinks.remove(sink);
    }

    private void countPrompts(byte[] chunk) {
        String text = carry + new String(chunk, StandardCharsets.ISO_8859_1);
        synchronized (promptLock) {
            for (int i = text.indexOf(PROMPT); i >= 0; i = text.indexOf(PROMPT, i + PROMPT.length())) {
                prompts++;
            }
            promptLock.notifyAll();
        }
        int keep = Math.min(PROMPT.length() - 1, text.length());
        carry = text.substring(text.length() - keep);
    }

    /** How many "(gdb) " prompts gdb has printed so far. */
    public long prompts() {
        synchronized (promptLock) {
            return prompts;
        }
    }

    /** Waits until gdb has printed more than {@code seen} prompts; false on timeout or exit. */
    public boolean awaitPrompt(long seen, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (promptLock) {
            while (prompts <= seen) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || ended.isDone()) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(promptLock, Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
            }
            return true;
        }
    }

    /** What the user types. */
    public OutputStream input() {
        return process.getOutputStream();
    }

    public void resize(int columns, int rows) {
        if (process.isAlive()) {
            try {
                process.setWinSize(new WinSize(columns, rows));
            } catch (IllegalStateException ignored) {
                // gdb exited between the check and the call
            }
        }
    }

    public CompletableFuture<Void> ended() {
        return ended;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /**
     * Ends gdb politely so that QEMU is left running without breakpoints: interrupt
     * a running target, {@code detach}, {@code quit}; signals if gdb does not go.
     */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        try {
            OutputStream in = process.getOutputStream();
            long seen = prompts();
            in.write(3); // Ctrl-C: stops a running target, or clears a half-typed line
            in.flush();
            awaitPrompt(seen, Duration.ofSeconds(2));
            in.write("detach\nquit\n".getBytes(StandardCharsets.US_ASCII));
            in.flush();
            if (process.waitFor(3, TimeUnit.SECONDS)) {
                return;
            }
        } catch (IOException ignored) {
            // gdb went away meanwhile; the signals below are harmless
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Termination.terminate(process, Duration.ofSeconds(2));
    }
}
