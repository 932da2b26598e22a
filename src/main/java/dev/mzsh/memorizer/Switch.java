package dev.mzsh.memorizer;

/**
 * The boolean Memorizer switches mzsh offers, one value each: the shell verb
 * that flips it, the control (and through it the file names per generation),
 * the word the status bar shows and the verb's help text. Everything that
 * lists switches (verbs, status, prompt, status bar) iterates this enum.
 */
public enum Switch {
    LOG_ACCESS("log-access", Control.LOG_ACCESS, "access", true,
            "Record memory accesses to tracked objects (log_accesses_enabled / memorizer_log_access)."),
    LOG_LIVE("log-live", Control.LOG_LIVE, "live", true,
            "Report live objects in kmap too, not only freed ones (log_live_enabled / print_live_obj)."),
    LOG_CALLS("log-calls", Control.LOG_CALLS, "calls", false,
            "Record the kernel call graph (log_calls_enabled; newer kernels only).");

    private final String verb;
    private final Control control;
    private final String label;
    private final boolean shownWhenOff;
    private final String help;

    Switch(String verb, Control control, String label, boolean shownWhenOff, String help) {
        this.verb = verb;
        this.control = control;
        this.label = label;
        this.shownWhenOff = shownWhenOff;
        this.help = help;
    }

    /** The shell verb that turns it on or off. */
    public String verb() {
        return verb;
    }

    public Control control() {
        return control;
    }

    /** The short word in the status bar ("access on"). */
    public String label() {
        return label;
    }

    /** Whether the status bar shows it while off; the rare ones only when on, so the bar fits 80 columns. */
    public boolean shownWhenOff() {
        return shownWhenOff;
    }

    /** The verb's one-line help. */
    public String help() {
        return help;
    }
}
