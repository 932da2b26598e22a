package dev.mzsh.memorizer;

import java.util.List;

/**
 * The Memorizer controls mzsh drives, each with the debugfs file names it has
 * had across kernel generations (current name first). The names are aliases,
 * not an exhaustive history: whichever exists on the running kernel is used.
 */
public enum Control {
    ENABLED(Kind.MODE, "memorizer_enabled"),
    LOG_ACCESS(Kind.SWITCH, "log_accesses_enabled", "memorizer_log_access"),
    LOG_LIVE(Kind.SWITCH, "log_live_enabled", "print_live_obj"),
    LOG_CALLS(Kind.SWITCH, "log_calls_enabled"),
    LOG_FRAMES(Kind.SWITCH, "log_frames_enabled"),
    VERBOSE_WARNINGS(Kind.SWITCH, "verbose_warnings_enabled"),
    CLEAR_DEAD(Kind.TRIGGER, "clear_dead_objects", "clear_dead_objs", "clear_object_list"),
    // the docs' clear_printed_objects exists in no kernel
    CLEAR_PRINTED(Kind.TRIGGER, "clear_printed_list"),
    CLEAR_CALLS(Kind.TRIGGER, "clear_function_calls"),
    KMAP(Kind.DATA, "kmap"),
    KMAP_STREAM(Kind.DATA, "kmap_stream"),
    ALLOCATIONS(Kind.DATA, "allocations"),
    ACCESSES(Kind.DATA, "accesses"),
    STATS(Kind.DATA, "stats", "show_stats");

    /** What writing or reading the file does. */
    public enum Kind {
        MODE,
        SWITCH,
        TRIGGER,
        DATA
    }

    private final Kind kind;
    private final List<String> names;

    Control(Kind kind, String... names) {
        this.kind = kind;
        this.names = List.of(names);
    }

    public Kind kind() {
        return kind;
    }

    /** File names this control has had, current first. */
    public List<String> names() {
        return names;
    }
}
