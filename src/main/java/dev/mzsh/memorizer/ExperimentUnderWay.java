package dev.mzsh.memorizer;

/**
 * An {@code experiment} that has begun and not yet brought its kmap home, and how far it got: what a
 * crash report says was and was not captured when the guest dies in the middle of one.
 *
 * @param command the traced guest command line
 * @param mode    the mode it is traced in
 * @param stage   the step it had reached
 */
public record ExperimentUnderWay(String command, Mode mode, Stage stage) {
    /** The steps of an experiment, in order. */
    public enum Stage {
        /** Clearing and draining before tracing: nothing of this experiment is traced yet. */
        PREPARING,
        /** The command runs traced; kmap is read only after it ends. */
        TRACING,
        /** kmap is being copied to the host. */
        READING_KMAP
    }

    ExperimentUnderWay at(Stage next) {
        return new ExperimentUnderWay(command, mode, next);
    }
}
