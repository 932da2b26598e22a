package dev.mzsh.vm;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * QEMU running in a pty, so the guest console is a real terminal. When the JVM
 * dies, even by SIGKILL, the pty closes and the kernel hangs up QEMU (SIGHUP),
 * which makes it exit: the VM never outlives mzsh.
 */
public final class QemuProcess implements AutoCloseable {
    private final PtyProcess process;
    private final ConsoleMonitor console;
    private final Thread pump;

    private QemuProcess(PtyProcess process, ConsoleMonitor console) {
        this.process = process;
        this.console = console;
        this.pump = new Thread(this::pumpConsole, "qemu-console");
        this.pump.setDaemon(true);
        this.pump.start();
    }

    /**
     * Loads pty4j's native side (JNA, libutil lookup) by starting a trivial process
     * in a pty, so that the real start later does not pay for it. Meant to run in
     * the background while the initramfs is prepared.
     */
    public static CompletableFuture<Void> warmUp() {
        return CompletableFuture.runAsync(() -> {
            try {
                new PtyProcessBuilder(new String[] {"/bin/true"}).start().waitFor(5, TimeUnit.SECONDS);
            } catch (IOException e) {
                // the real start reports pty problems
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    public static QemuProcess start(List<String> command, ConsoleMonitor console, int columns, int rows)
            throws IOException {
        PtyProcess p = Ptys.start(command, columns, rows);
        return new QemuProcess(p, console);
    }

    private void pumpConsole() {
        byte[] buf = new byte[8192];
        // pty4j also allocates a buffer of the requested length on every read, however few bytes
        // come: ask for about twice what the last read gave (a flood gives a few hundred a read).
        int want = 1024;
        try (InputStream in = process.getInputStream()) {
            for (int n; (n = in.read(buf, 0, want)) > 0; ) {
                console.accept(buf, n);
                want = Math.max(1024, Math.min(buf.length, 2 * n));
                if (n < buf.length / 4) {
                    // pty4j allocates a new buffer of the requested size on every read, and a
                    // flooding serial console returns ~12 bytes per read: ~100 MB/s of garbage
                    // whose GC pauses the split view shows. Letting 2 ms gather makes reads
                    // hundreds of bytes each; no one needs the console faster than that.
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        } catch (IOException ignored) {
            // The pty reports EIO when QEMU exits; that is the end of the console.
        } finally {
            console.finish();
        }
    }

    /** Bytes typed into the guest console. */
    public OutputStream consoleInput() {
        return process.getOutputStream();
    }

    public ConsoleMonitor console() {
        return console;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int exitValue() {
        return process.exitValue();
    }

    /** Completes when QEMU has exited. */
    public CompletableFuture<Void> exited() {
        return process.onExit().thenApply(p -> null);
    }

    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        boolean done = process.waitFor(timeout, unit);
        if (done) {
            pump.join(TimeUnit.SECONDS.toMillis(2));
        }
        return done;
    }

    /** Ends QEMU now: SIGTERM, then SIGKILL after a grace period. */
    @Override
    public void close() {
        Termination.terminate(process, Duration.ofSeconds(3));
    }
}
