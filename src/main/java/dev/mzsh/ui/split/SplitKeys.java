package dev.mzsh.ui.split;

import dev.mzsh.commands.Foreground;
import dev.mzsh.ui.split.SplitView.Focus;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jline.keymap.KeyMap;

/**
 * The split view's keys, declared once: each row is what a person reads (the keys,
 * what they do) together with the key sequences it binds and where. The view binds
 * from here, the F1 overlay ({@link KeyHelp}) is drawn from here, and a test checks
 * README.md's key table against these rows.
 */
public final class SplitKeys {
    private SplitKeys() {}

    /** What a key does; the view supplies one action for each. */
    public enum Action {
        RUN_LINE,
        COMPLETE,
        HISTORY_PREVIOUS,
        HISTORY_NEXT,
        INTERRUPT,
        QUIT_OR_DELETE,
        RESULTS_PAGE_UP,
        RESULTS_PAGE_DOWN,
        CONSOLE_LINE_UP,
        CONSOLE_LINE_DOWN,
        CONSOLE_PAGE_UP,
        CONSOLE_PAGE_DOWN,
        CONSOLE_FOCUS,
        COMMAND_FOCUS,
        HELP,
        REDRAW,
        LEFT,
        RIGHT,
        HOME,
        END,
        BACKSPACE,
        DELETE,
        CLEAR_LINE,
        KILL_TO_END,
        DELETE_WORD
    }

    /** An action bound to key sequences (as {@link KeyBytes#sequence} writes them) where the keyboard is. */
    public record Binding(Action action, Set<Focus> where, List<String> sequences) {
        public Binding {
            where = Set.copyOf(where);
            sequences = List.copyOf(sequences);
        }
    }

    /** One row of the key table: the keys as a person names them, what they do, and the bindings. */
    public record Row(String keys, String help, List<Binding> bindings) {
        public Row {
            bindings = List.copyOf(bindings);
        }
    }

    private static final Set<Focus> COMMAND = Set.of(Focus.COMMAND);
    private static final Set<Focus> CONSOLE = Set.of(Focus.CONSOLE);
    private static final Set<Focus> BOTH = Set.of(Focus.COMMAND, Focus.CONSOLE);

    /** The rows, in the order the help and README.md show them. */
    public static final List<Row> ROWS = List.of(
            row(
                    "Enter",
                    "run the line; typed while a command runs, it is queued (status bar) and runs next",
                    new Binding(Action.RUN_LINE, COMMAND, List.of("\r"))),
            row("Tab", "complete the verb, an option or a value", new Binding(Action.COMPLETE, COMMAND, List.of("\t"))),
            row(
                    "Up / Down",
                    "history (~/.mzsh_history, shared with the plain prompt)",
                    new Binding(Action.HISTORY_PREVIOUS, COMMAND, List.of("\033[A", KeyMap.ctrl('P'))),
                    new Binding(Action.HISTORY_NEXT, COMMAND, List.of("\033[B", KeyMap.ctrl('N')))),
            row(
                    "Ctrl-C",
                    "cancel the running command; pressed again, also drop the queued ones; "
                            + "when idle, clear the line",
                    new Binding(Action.INTERRUPT, COMMAND, List.of(KeyMap.ctrl('C')))),
            row(
                    "Ctrl-D or quit",
                    "power the guest off and leave (Ctrl-D on an empty line)",
                    new Binding(Action.QUIT_OR_DELETE, COMMAND, List.of(KeyMap.ctrl('D')))),
            row(
                    "PgUp / PgDn",
                    "scroll the results pane (the console pane after F2)",
                    new Binding(Action.RESULTS_PAGE_UP, COMMAND, List.of("\033[5~")),
                    new Binding(Action.RESULTS_PAGE_DOWN, COMMAND, List.of("\033[6~")),
                    new Binding(Action.CONSOLE_PAGE_UP, CONSOLE, List.of("\033[5~")),
                    new Binding(Action.CONSOLE_PAGE_DOWN, CONSOLE, List.of("\033[6~"))),
            row(
                    "Shift-Up / Down",
                    "scroll the console pane (or Ctrl-Up / Down); Shift-PgUp / PgDn a page",
                    new Binding(Action.CONSOLE_LINE_UP, BOTH, List.of("\033[1;2A", "\033[1;5A")),
                    new Binding(Action.CONSOLE_LINE_DOWN, BOTH, List.of("\033[1;2B", "\033[1;5B")),
                    new Binding(Action.CONSOLE_PAGE_UP, BOTH, List.of("\033[5;2~", "\033[5;5~")),
                    new Binding(Action.CONSOLE_PAGE_DOWN, BOTH, List.of("\033[6;2~", "\033[6;5~"))),
            row(
                    "F2",
                    "give the keyboard to the guest console (its shell on ttyS0)",
                    new Binding(Action.CONSOLE_FOCUS, COMMAND, List.of("\033OQ"))),
            row(
                    "Ctrl-]",
                    "take the keyboard back (guest console, gdb/console pane)",
                    new Binding(Action.COMMAND_FOCUS, CONSOLE, List.of(String.valueOf((char) Foreground.ESCAPE)))),
            row("F1", "this help; any key closes it", new Binding(Action.HELP, COMMAND, List.of("\033OP"))),
            row("Ctrl-L", "draw the screen again", new Binding(Action.REDRAW, COMMAND, List.of(KeyMap.ctrl('L')))),
            row(
                    "Ctrl-A/E/B/F",
                    "move in the line (also Home / End and the arrows)",
                    new Binding(Action.LEFT, COMMAND, List.of("\033[D", KeyMap.ctrl('B'))),
                    new Binding(Action.RIGHT, COMMAND, List.of("\033[C", KeyMap.ctrl('F'))),
                    new Binding(Action.HOME, COMMAND, List.of("\033[H", KeyMap.ctrl('A'))),
                    new Binding(Action.END, COMMAND, List.of("\033[F", KeyMap.ctrl('E')))),
            row(
                    "Backspace, Del",
                    "delete the character before / under the cursor",
                    new Binding(Action.BACKSPACE, COMMAND, List.of("\177", "\b")),
                    new Binding(Action.DELETE, COMMAND, List.of("\033[3~"))),
            row(
                    "Ctrl-U/K/W",
                    "clear the line, delete to its end, delete a word back",
                    new Binding(Action.CLEAR_LINE, COMMAND, List.of(KeyMap.ctrl('U'))),
                    new Binding(Action.KILL_TO_END, COMMAND, List.of(KeyMap.ctrl('K'))),
                    new Binding(Action.DELETE_WORD, COMMAND, List.of(KeyMap.ctrl('W')))));

    private static Row row(String keys, String help, Binding... bindings) {
        return new Row(keys, help, List.of(bindings));
    }

    /** Every binding of the rows, in order. */
    public static List<Binding> bindings() {
        List<Binding> all = new ArrayList<>();
        ROWS.forEach(r -> all.addAll(r.bindings()));
        return all;
    }
}
