package dev.mzsh.commands;

import dev.mzsh.vm.GdbProcess;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** The host gdb in its pty, as something a front end can give the terminal to. */
public final class GdbEndpoint implements ForegroundEndpoint {
    private final GdbProcess gdb;

    GdbEndpoint(GdbProcess gdb) {
        this.gdb = gdb;
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
