package dev.mzsh.snapshot;

/** What the store has for a key: nothing, a snapshot it refuses (and why), or one to restore. */
public sealed interface Lookup {
    record Missing() implements Lookup {}

    record Refused(String reason) implements Lookup {}

    record Found(Snapshot snapshot) implements Lookup {}
}
