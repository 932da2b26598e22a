package dev.mzsh.session;

import dev.mzsh.vm.GdbStub;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * A boot for a debugger ({@code gdb --wait}): QEMU starts with its CPUs stopped
 * at the first instruction and the gdbstub on a loopback port.
 *
 * @param gdbPort        the gdbstub's port on 127.0.0.1
 * @param stubListening  completed by the launcher once QEMU is up and its stub listens
 * @param debuggerDone   completed by the caller when gdb has ended; a guest still
 *                       halted then is resumed, so the boot can finish without gdb
 */
public record HaltedBoot(int gdbPort, CompletableFuture<Void> stubListening, CompletableFuture<Void> debuggerDone) {
    public static HaltedBoot on(int port) {
        return new HaltedBoot(port, new CompletableFuture<>(), new CompletableFuture<>());
    }

    /** On a free loopback port. */
    public static HaltedBoot onFreePort() throws IOException {
        return on(GdbStub.freePort());
    }

    /** Where a debugger connects: "127.0.0.1:PORT". */
    public String address() {
        return GdbStub.HOST + ":" + gdbPort;
    }
}
