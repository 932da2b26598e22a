package dev.mzsh.memorizer;

import java.util.Set;

/**
 * Which Memorizer kernel generation the running kernel's interface follows
 * (docs/memorizer-abi.md, "Generations"). Decided from the
 * file names, the read-back of {@code memorizer_enabled} and whether
 * {@code /proc/self/memorizer_enabled} exists; never from the kernel version.
 */
public enum Generation {
    NEWEST("newest", "newest (v6.x after v26: renamed files, /proc/<pid>/memorizer_enabled)", true),
    V26("v26", "v26 (v6.6.30-memorizer-26: renamed files)", true),
    V66_OLD("v6.6-old", "pre-rename v6.6 (show_stats, memorizer_log_access, print_live_obj)", true),
    V4X("4.x", "4.x (memorizer_enabled is on/off only, cfgmap, show_stats)", false),
    MIXED("mixed", "unrecognised mix of file names", true);

    private final String shortName;
    private final String description;
    private final boolean modes;

    Generation(String shortName, String description, boolean modes) {
        this.shortName = shortName;
        this.description = description;
        this.modes = modes;
    }

    /** One word for prompts and status bars: newest, v26, v6.6-old, 4.x, mixed. */
    public String shortName() {
        return shortName;
    }

    public String description() {
        return description;
    }

    /** Whether memorizer_enabled takes modes 2, 3 and pids (4.x: a plain on/off boolean). */
    public boolean hasModes() {
        return modes;
    }

    /**
     * @param files         the names in the memorizer directory
     * @param enabledText   what memorizer_enabled read back, or null when unread
     * @param procEntry     whether /proc/self/memorizer_enabled exists
     */
    static Generation of(Set<String> files, String enabledText, boolean procEntry) {
        boolean renamed = files.contains("log_accesses_enabled") && files.contains("clear_dead_objects");
        boolean older = files.contains("memorizer_log_access") && files.contains("clear_dead_objs");
        if (renamed && !older) {
            return procEntry ? NEWEST : V26;
        }
        if (older && !renamed) {
            boolean yesNo = enabledText != null && enabledText.strip().matches("[YN]");
            return yesNo || files.contains("cfgmap") ? V4X : V66_OLD;
        }
        return MIXED;
    }

    static Generation of(Set<String> files) {
        return of(files, null, false);
    }

    /**
     * As {@link #of(Set, String, boolean)}, with what memorizer-sim's {@code abi} parameter says
     * (null without the sim). The sim cannot add the /proc entry, so its newest files look like
     * v26's; its word settles that one case. Otherwise the files decide, whatever it claims.
     */
    static Generation of(Set<String> files, String enabledText, boolean procEntry, String simAbi) {
        Generation byFiles = of(files, enabledText, procEntry);
        return byFiles == V26 && simulated(simAbi) == NEWEST ? NEWEST : byFiles;
    }

    /** memorizer-sim's abi= value (its aliases current and legacy included) as a generation, or null. */
    static Generation simulated(String simAbi) {
        if (simAbi == null) {
            return null;
        }
        return switch (simAbi.strip()) {
            case "newest", "current" -> NEWEST;
            case "v26" -> V26;
            case "v6.6-old", "legacy" -> V66_OLD;
            case "4.x" -> V4X;
            default -> null;
        };
    }
}
