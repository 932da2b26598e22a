package dev.mzsh.snapshot;

import java.nio.file.Path;

/** A published snapshot: its directory (state file and seal) and its seal. */
public record Snapshot(Path dir, Seal seal) {
    static final String STATE = "state";

    public Path state() {
        return dir.resolve(STATE);
    }
}
