package dev.mzsh.vm;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * QEMU with its console on pipes, started through {@code setpriv --pdeathsig KILL} from a
 * thread that lives as long as QEMU: when the JVM dies, even by SIGKILL, that thread is gone
 * and the kernel kills QEMU, so the VM never outlives mzsh. (A pty did the same through its
 * hang-up, but pty4j's fork of the whole JVM and its native start-up cost 60-200 ms of every
 * boot; ProcessBuilder spawns in a few.)
 */
public final class QemuProcess implements AutoCloseable {
    private static final AtomicInteger STARTED = new AtomicInteger();
    private final Process process;
    private final ConsoleMonitor console;
    private final Thread pump;

    private QemuProcess(Process process, ConsoleMonitor console, byte[] earlier) {
        this.process = process;
        this.console = console;
        console.accept(earlier, earlier.length);
        this.pump = new Thread(this::pumpConsole, "qemu-console");
        this.pump.setDaemon(true);
        this.pump.start();
    }

    /**
     * Starts {@code command} (QEMU), its death signal armed by {@code setpriv}; stdout and
     * stderr both go to {@code console}, as a terminal would show them, after {@code earlier}
     * (a restored guest's saved boot), which is fed to it while QEMU starts up.
     */
    public static QemuProcess start(List<String> command, Path setpriv, ConsoleMonitor console, byte[] earlier)
            throws IOException {
        List<String> guarded = new ArrayList<>(List.of(setpriv.toString(), "--pdeathsig", "KILL", "--"));
        guarded.addAll(command);
        CompletableFuture<Process> started = new CompletableFuture<>();
        // The death signal follows the thread that forked, not the process: this one waits for QEMU.
        Thread parent = new Thread(
                () -> {
                    Process p;
                    try {
                        p = new ProcessBuilder(guarded)
                                .redirectErrorStream(true)
                                .start();
                    } catch (IOException | RuntimeException e) {
                        started.completeExceptionally(e);
                        return;
                    }
                    started.complete(p);
                    awaitEnd(p);
                },
                "qemu-parent-" + STARTED.incrementAndGet());
        parent.setDaemon(true);
        parent.start();
        try {
            return new QemuProcess(started.join(), console, earlier);
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
    }

    /** Waits for {@code p} to end, whatever interrupts: QEMU's death signal is bound to this thread. */
    private static void awaitEnd(Process p) {
        while (true) {
            try {
                p.waitFor();
                return;
            } catch (InterruptedException e) {
                // keep waiting: leaving would kill QEMU
            }
        }
    }

    private void pumpConsole() {
        byte[] buf = new byte[8192];
        try (InputStream in = process.getInputStream()) {
            for (int n; (n = in.read(buf)) > 0; ) {
                console.accept(buf, n);
            }
        } catch (IOException ignored) {
            // the pipe closes when QEMU exits; that is the end of the console
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
