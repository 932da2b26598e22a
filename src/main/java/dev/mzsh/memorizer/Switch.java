package dev.mzsh.memorizer;

/**
 * The boolean Memorizer switches mzsh offers, one value each: the control (and
 * through it the file names per generation) and the word the status bar shows.
 * Everything that lists switches (verbs, status, prompt, status bar) iterates
 * this enum; the verb that flips each is the shell language's (commands).
 */
public enum Switch {
    LOG_ACCESS(Control.LOG_ACCESS, "access", true),
    LOG_LIVE(Control.LOG_LIVE, "live", true),
    LOG_CALLS(Control.LOG_CALLS, "calls", false);

    private final Control control;
    private final String label;
    private final boolean shownWhenOff;

    Switch(Control control, String label, boolean shownWhenOff) {
        this.control = control;
        this.label = label;
        this.shownWhenOff = shownWhenOff;
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
}
