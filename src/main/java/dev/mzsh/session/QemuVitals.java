package dev.mzsh.session;

import dev.mzsh.machine.GuestVitals;
import dev.mzsh.vm.ConsoleMonitor;
import dev.mzsh.vm.QemuProcess;
import dev.mzsh.vm.QmpClient;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/** A QEMU guest's vitals: the process, the console's fault watch, the share's cap, the CPU state from QMP. */
record QemuVitals(QemuProcess qemu, ConsoleMonitor console, QmpClient qmp, ShareWatch share) implements GuestVitals {
    @Override
    public Optional<String> failure() {
        if (share.failure().isPresent()) {
            return share.failure();
        }
        if (console.fault().isPresent() || !qemu.isAlive()) {
            return Optional.of(GuestLauncher.whyGone(qemu, console));
        }
        // pvpanic paused the guest (panic=pause): its panic line may still be in the console pipe
        if (GUEST_PANICKED.equals(status())) {
            try {
                if (console.awaitFault(PANIC_LINE_WAIT).isPresent()) {
                    return Optional.of(GuestLauncher.whyGone(qemu, console));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.of("guest kernel panic (QEMU reported GUEST_PANICKED; the console showed no panic line)");
        }
        return Optional.empty();
    }

    static final String GUEST_PANICKED = "guest-panicked";
    /**
     * How long a panic QEMU reported waits for the console's panic line, which the crash report and
     * the dump's record (its CPU) are read from.
     */
    private static final Duration PANIC_LINE_WAIT = Duration.ofMillis(500);

    @Override
    public boolean cpusRunning() {
        String s = status();
        return s == null || "running".equals(s); // QMP not answering either: the silence counts
    }

    /** QEMU's run state, or null when QMP does not answer. */
    private String status() {
        try {
            return qmp.execute("query-status").path("status").asText();
        } catch (IOException e) {
            return null;
        }
    }
}
