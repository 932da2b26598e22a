package dev.mzsh.commands;

/**
 * A verb whose line stays out of the transcript and recordings, because replaying
 * it with {@code mzsh -f} would not do the same thing: {@code record} itself, and
 * the verbs that hand over the terminal (a script has none).
 */
public interface Unreplayable {
    /** Whether this particular line is replayable after all (e.g. {@code console off}). */
    default boolean replayable() {
        return false;
    }
}
