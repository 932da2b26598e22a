package dev.mzsh.kernel;

/**
 * An option a fragment asked for that the resolved .config does not have.
 *
 * @param wanted what the fragment asked for, and where
 * @param got    the value kconfig settled on ("n" when off or absent)
 * @param reason why, as far as mzsh can tell
 */
public record DroppedOption(ConfigFragment.Wanted wanted, String got, Reason reason) {
    public enum Reason {
        /** No Kconfig file of the tree defines the symbol. */
        NOT_IN_TREE,
        /** Kconfig rejected the value (e.g. "maybe" for a bool). */
        BAD_VALUE,
        /** The symbol exists but its dependencies are off, or something selects another value. */
        DEPENDENCIES
    }
}
