package dev.mzsh.memorizer;

import java.util.Set;

/** Which set of debugfs file names a kernel has (see memorizer-abi.md). */
public enum Generation {
    CURRENT("current names"),
    SEED("older names (as in the seed document)"),
    MIXED("a mix of older and current names");

    private final String description;

    Generation(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** Decided by the access-logging and clear files; `stats` exists in both and proves nothing. */
    static Generation of(Set<String> files) {
        boolean current = files.contains("log_accesses_enabled") && files.contains("clear_dead_objects");
        boolean seed = files.contains("memorizer_log_access") && files.contains("clear_dead_objs");
        if (current && !seed) {
            return CURRENT;
        }
        if (seed && !current) {
            return SEED;
        }
        return MIXED;
    }
}
