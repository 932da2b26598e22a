package dev.mzsh.session;

import dev.mzsh.machine.GuestVitals;
import dev.mzsh.vm.ConsoleMonitor;
import dev.mzsh.vm.QemuProcess;
import dev.mzsh.vm.QmpClient;
import java.io.IOException;
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
        return Optional.empty();
    }

    @Override
    public boolean cpusRunning() {
        try {
            return "running".equals(qmp.execute("query-status").path("status").asText());
        } catch (IOException e) {
            return true; // QMP not answering either: the silence counts
        }
    }
}
