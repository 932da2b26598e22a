package dev.mzsh.snapshot;

import java.nio.file.Path;

/** A published snapshot: its directory (device state, guest memory, boot console, seal) and its seal. */
public record Snapshot(Path dir, Seal seal) {
    static final String STATE = "state";
    static final String CONSOLE = "console.log";
    static final String MEMORY = "memory";

    public Path state() {
        return dir.resolve(STATE);
    }

    /** The guest's RAM ({@link GuestMemory}). */
    public Path memory() {
        return dir.resolve(MEMORY);
    }

    /** What the guest printed on its console from QEMU's start to the ready point. */
    public Path console() {
        return dir.resolve(CONSOLE);
    }
}
