package dev.mzsh.snapshot;

import java.io.IOException;

/** A snapshot could not be saved or restored; the boot goes on cold, with this as its notice. */
public final class SnapshotFailedException extends IOException {
    public SnapshotFailedException(String message) {
        super(message);
    }
}
