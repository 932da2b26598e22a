package dev.mzsh.session;

import dev.mzsh.vm.ConsoleMonitor;
import dev.mzsh.vm.GuestFault;
import dev.mzsh.vm.QemuProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Judges a boot by progress, not by the clock: console output and every boot stage the
 * guest reports count as progress, and only silence longer than the limit is a hang. A
 * slow kernel that keeps printing keeps going; a stuck one is caught after the limit,
 * and every failure names the last stage reached.
 */
final class BootWatch {
    /** The stage of a QEMU whose guest has not printed a byte yet. */
    static final String QEMU_STARTED = "qemu started";
    /** The least silence allowed before the kernel's first console byte. */
    static final Duration FIRST_BYTE_FLOOR = Duration.ofSeconds(60);

    /** A stage reached, at this many milliseconds since QEMU started (and the guest's uptime, when it said). */
    record Reached(String stage, long millis, double guestUptime) {}

    private final QemuProcess qemu;
    private final ConsoleMonitor console;
    private final Duration silenceLimit;
    private final Path consoleLog;
    private final long start = System.nanoTime();
    private final List<Reached> reached = new ArrayList<>();
    private long lastBytes;
    private long lastProgress = start;

    BootWatch(QemuProcess qemu, ConsoleMonitor console, Duration silenceLimit, Path consoleLog) {
        this.qemu = qemu;
        this.console = console;
        this.silenceLimit = silenceLimit;
        this.consoleLog = consoleLog;
        stage(QEMU_STARTED);
    }

    /** Records a stage (progress). */
    void stage(String name) {
        stage(name, -1);
    }

    /** Records a stage the guest reported at its own {@code uptime} (negative: not said). */
    void stage(String name, double uptime) {
        reached.add(new Reached(name, (System.nanoTime() - start) / 1_000_000, uptime));
        lastProgress = System.nanoTime();
    }

    /** Time the host spends on its own (saving a snapshot) is not the guest's silence. */
    void hostWorkDone() {
        lastProgress = System.nanoTime();
    }

    String lastStage() {
        return reached.get(reached.size() - 1).stage();
    }

    List<Reached> reached() {
        return List.copyOf(reached);
    }

    /** Milliseconds since QEMU started. */
    long elapsedMillis() {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Throws when the guest died, panicked or went silent for longer than the limit. */
    void check() throws InterruptedException {
        long bytes = console.bytesSeen();
        if (bytes != lastBytes) {
            lastBytes = bytes;
            lastProgress = System.nanoTime();
            if (lastStage().equals(QEMU_STARTED)) {
                stage("kernel started");
            }
        }
        if (!qemu.isAlive()) {
            qemu.waitFor(2, TimeUnit.SECONDS);
            throw failed("the guest died during boot: " + GuestLauncher.whyGone(qemu, console));
        }
        if (console.fault().isPresent()) {
            // the fault watch stops the CPUs at a fault: waiting for more progress would only wait out the limit
            GuestFault f = console.fault().get();
            throw failed(
                    f.kind() == GuestFault.Kind.PANIC
                            ? "the guest kernel panicked during boot: " + f.line()
                            : "the guest kernel failed during boot ("
                                    + f.kind().name().toLowerCase() + "): " + f.line(),
                    f.kind());
        }
        // Firmware, loading and decompressing the kernel print nothing and take seconds
        // on a loaded host: until the first byte, the limit is at least FIRST_BYTE_FLOOR.
        Duration limit = lastStage().equals(QEMU_STARTED) && silenceLimit.compareTo(FIRST_BYTE_FLOOR) < 0
                ? FIRST_BYTE_FLOOR
                : silenceLimit;
        if (System.nanoTime() - lastProgress > limit.toNanos()) {
            throw failed("the guest made no progress for " + limit.toSeconds()
                    + " s (no console output, no boot stage; --boot-timeout); see " + consoleLog);
        }
    }

    /** A boot failure that names the last stage reached. */
    GuestFailedException failed(String why) {
        return new GuestFailedException(why + " (last boot stage: " + lastStage() + ")", console.tail(), lastStage());
    }

    private GuestFailedException failed(String why, GuestFault.Kind fault) {
        return new GuestFailedException(
                why + " (last boot stage: " + lastStage() + ")", console.tail(), lastStage(), fault);
    }

    /** "kernel started 0.4 s, init (uptime 1.2 s) 2.1 s, ..." for the ready notice: host time since QEMU started. */
    String summary() {
        StringBuilder b = new StringBuilder();
        for (Reached r : reached) {
            if (r.stage().equals(QEMU_STARTED)) {
                continue;
            }
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(r.stage());
            if (r.guestUptime() >= 0) {
                b.append(String.format(" (uptime %.1f s)", r.guestUptime()));
            }
            b.append(String.format(" %.1f s", r.millis() / 1000.0));
        }
        return b.toString();
    }
}
