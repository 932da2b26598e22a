package dev.mzsh.snapshot;

import java.nio.file.Path;

/** A published snapshot: its directory (state file and seal) and its seal. */
public record Snapshot(Path dir, Seal seal) {
    static final String STATE = "state";
    static final String CONSOLE = "console.log";

    public Path state() {
        return dir.resolve(STATE);
    }

    /** What the guest printed on its console from QEMU's start to the ready point. */
    public Path console() {
        return dir.resolve(CONSOLE);
    }
}
