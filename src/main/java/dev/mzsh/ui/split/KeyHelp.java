package dev.mzsh.ui.split;

import java.util.List;

/** The split view's keys, shown by F1 (and listed in README.md). */
public final class KeyHelp {
    private KeyHelp() {}

    public static final List<String> LINES = List.of(
            "mzsh split view - keys",
            "",
            "Enter            run the command line (on a worker; the screen stays live)",
            "Tab              complete verb, option or value",
            "Up / Down        command history (shared with plain mode, ~/.mzsh_history)",
            "Ctrl-C           cancel the running command (or clear the line)",
            "Ctrl-D, quit     power the guest off and leave",
            "PgUp / PgDn      scroll the results pane",
            "Shift-Up/Down    scroll the guest console pane (also Ctrl-Up/Down)",
            "F2               give the keyboard to the guest console (type into its shell)",
            "Ctrl-]           take the keyboard back (guest console, gdb pane)",
            "F1               this help; any key closes it",
            "",
            "gdb and 'console' open a pane with the keyboard; it returns when they end or on Ctrl-].",
            "The plain prompt instead: mzsh --plain (also on TERM=dumb and screens under 80x24).");
}
