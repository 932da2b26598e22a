package dev.mzsh.session;

import dev.mzsh.vm.QemuProcess;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** The guest's serial console, raw, as something a front end can give the terminal to. */
final class ConsoleEndpoint implements ForegroundEndpoint {
    private final QemuProcess qemu;
    private final ConsoleFanOut output;

    ConsoleEndpoint(QemuProcess qemu, ConsoleFanOut output) {
        this.qemu = qemu;
        this.output = output;
    }

    @Override
    public String title() {
        return "guest console";
    }

    @Override
    public AutoCloseable output(Consumer<byte[]> sink) {
        return output.subscribe(sink)::run;
    }

    @Override
    public OutputStream input() {
        return qemu.consoleInput();
    }

    /** A serial line has no size to tell the guest. */
    @Override
    public void resize(int columns, int rows) {}

    /** Only when QEMU itself ends: leaving the console never ends the guest. */
    @Override
    public CompletableFuture<Void> ended() {
        return qemu.exited();
    }
}
