package dev.mzsh.session;

import dev.mzsh.vm.GdbCommandLine;
import dev.mzsh.vm.GdbProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** The host gdb in its pty, as something a front end can give the terminal to. */
public final class GdbEndpoint implements ForegroundEndpoint {
    private final GdbProcess gdb;

    private GdbEndpoint(GdbProcess gdb) {
        this.gdb = gdb;
    }

    /** Starts the host's {@code gdb} on the guest's gdbstub socket {@code stub}, with symbols from {@code vmlinux}. */
    public static GdbEndpoint start(Path gdb, Optional<Path> vmlinux, Path stub) throws IOException {
        return new GdbEndpoint(GdbProcess.start(GdbCommandLine.build(gdb, vmlinux, stub), 80, 24));
    }

    /** Starts the host's gdb on a crash dump instead of a live guest ({@link CrashDump#gdbCommand}). */
    public static GdbEndpoint start(List<String> command) throws IOException {
        return new GdbEndpoint(GdbProcess.start(command, 80, 24));
    }

    public boolean isAlive() {
        return gdb.isAlive();
    }

    /** Detaches and ends gdb (never leaves a stray one). */
    public void close() {
        gdb.close();
    }

    @Override
    public String title() {
        return "gdb";
    }

    @Override
    public AutoCloseable output(Consumer<byte[]> sink) {
        return gdb.output(sink);
    }

    @Override
    public OutputStream input() {
        return gdb.input();
    }

    @Override
    public void resize(int columns, int rows) {
        gdb.resize(columns, rows);
    }

    @Override
    public CompletableFuture<Void> ended() {
        return gdb.ended();
    }

    /** The gdb process itself (tests look at its pid and prompts). */
    public GdbProcess process() {
        return gdb;
    }
}
