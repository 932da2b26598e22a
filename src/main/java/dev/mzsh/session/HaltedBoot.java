package dev.mzsh.session;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * A boot for a debugger ({@code gdb --wait}): QEMU starts with its CPUs stopped
 * at the first instruction and the gdbstub on a unix socket in the private socket directory.
 *
 * @param stubListening  completed by the launcher with the stub's socket once QEMU is up and it listens
 * @param debuggerDone   completed by the caller when gdb has ended; a guest still
 *                       halted then is resumed, so the boot can finish without gdb
 */
public record HaltedBoot(CompletableFuture<Path> stubListening, CompletableFuture<Void> debuggerDone) {
    public static HaltedBoot create() {
        return new HaltedBoot(new CompletableFuture<>(), new CompletableFuture<>());
    }
}
