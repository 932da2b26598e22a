package dev.mzsh.commands;

import dev.mzsh.session.GdbEndpoint;
import dev.mzsh.session.Guest;
import dev.mzsh.session.HaltedBoot;
import dev.mzsh.session.HostTools;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "gdb",
        header = "Debug the guest kernel with the host's gdb on QEMU's gdbstub.",
        description = {
            "%nThe stub: a unix socket in a directory only you can enter (no TCP port), shown here and by 'status'. "
                    + "It is started the first time and kept for the guest's life, so a gdb of your own may connect to "
                    + "it too ('target remote SOCKET').",
            "%nSymbols: gdb loads --vmlinux FILE (or a vmlinux found beside --kernel); when vmlinux-gdb.py sits "
                    + "beside it, the kernel's lx-* helpers load as well. Without symbols gdb still reads registers "
                    + "and memory.",
            "%nAttaching stops the guest until you 'continue'. 'quit' (it detaches) or " + Foreground.ESCAPE_NAME
                    + " (mzsh detaches and ends gdb) returns to mzsh with the guest running. Avoid gdb's 'kill': "
                    + "QEMU exits on it.",
            "%nNeeds an interactive terminal (exit 2 in -c/-f scripts).%n"
        })
public final class GdbCommand implements Callable<Integer>, Unreplayable {
    @Option(
            names = "--wait",
            description = "boot a fresh guest halted at its first instruction (QEMU -S), for gdb "
                    + "to see the kernel start; it boots on when gdb continues or ends. A running guest must be stopped "
                    + "first ('poweroff').")
    boolean waitForDebugger;

    private final ShellContext ctx;
    private final Supplier<Path> gdbBinary;

    public GdbCommand(ShellContext ctx) {
        this(ctx, HostTools::gdb);
    }

    /** With another way to find gdb (tests of the missing-gdb path). */
    GdbCommand(ShellContext ctx, Supplier<Path> gdbBinary) {
        this.ctx = ctx;
        this.gdbBinary = gdbBinary;
    }

    @Override
    public Integer call() throws Exception {
        if (ctx.foreground() == Foreground.NONE) {
            throw new UsageException("gdb needs an interactive terminal; run mzsh without -c/-f on a tty");
        }
        Path gdb = gdbBinary.get();
        HaltedBoot halted = null;
        CompletableFuture<Guest> boot = null;
        Guest guest = null;
        Path stub;
        if (waitForDebugger) {
            if (ctx.session().currentGuest().filter(Guest::alive).isPresent()) {
                throw new UsageException("gdb --wait boots a fresh guest halted at its first instruction, but one is "
                        + "running; 'poweroff' first, or plain 'gdb' attaches to the running guest");
            }
            halted = HaltedBoot.create();
            boot = ctx.session().bootHalted(halted);
            stub = await(halted.stubListening());
        } else {
            guest = ctx.session().guest();
            stub = guest.startGdbStub();
        }
        ctx.report()
                .println("gdb on " + stub + (waitForDebugger ? " (guest halted at reset)" : "") + "; 'quit' or "
                        + Foreground.ESCAPE_NAME + " returns to mzsh, the guest keeps running");
        GdbEndpoint process = GdbEndpoint.start(gdb, ctx.session().options().vmlinux(), stub);
        try {
            ctx.foreground().attach(process);
        } finally {
            if (process.isAlive()) {
                process.close(); // Ctrl-]: detach and end gdb, never leave a stray one
                ctx.report().println("mzsh: gdb ended (detached; the guest runs on)");
            }
            if (halted != null) {
                halted.debuggerDone().complete(null);
            }
            if (guest != null && guest.alive()) {
                guest.resumeIfStopped();
            }
        }
        if (boot != null) {
            await(boot);
        }
        return 0;
    }

    /** Waits for a boot step, rethrowing its failure as it was thrown (guest failed: 3, host lacks: 4). */
    private static <T> T await(CompletableFuture<T> f) throws Exception {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw new IOException(e.getCause());
        }
    }
}
