package dev.mzsh.ui.plain;

import dev.mzsh.commands.Shell;
import dev.mzsh.session.Session;
import dev.mzsh.ui.CommandRunner;
import dev.mzsh.ui.GuestStateText;
import dev.mzsh.ui.ShellCompleter;
import java.nio.file.Path;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

/**
 * The plain interactive front end: a JLine prompt showing the guest state,
 * completion from the verbs' picocli models, per-user history, and the guest
 * console printed above the prompt. Ctrl-C cancels the running command, not the
 * shell; Ctrl-D or quit powers the guest off and leaves. Lines typed while a
 * command runs stay in the terminal's buffer (nothing reads or flushes it
 * meanwhile) and the next readLine takes them in order: type-ahead, as in a shell.
 */
public final class PlainRepl {
    private final Shell shell;
    private final CommandRunner runner;
    private final Session session;
    private final Terminal terminal;
    private final PlainForeground foreground;
    private final Path history;

    /**
     * @param foreground the hand-off given to the shell's context, on the same terminal
     * @param history    the history file, shared with the split view
     */
    public PlainRepl(Shell shell, Session session, Terminal terminal, PlainForeground foreground, Path history) {
        this.shell = shell;
        this.history = history;
        this.runner = new CommandRunner(shell);
        this.session = session;
        this.terminal = terminal;
        this.foreground = foreground;
    }

    public int run() {
        GuestStateText state = new GuestStateText(session);
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("mzsh")
                .completer(new ShellCompleter(shell))
                .variable(LineReader.HISTORY_FILE, history)
                .build();
        terminal.writer().println("mzsh: run directory " + session.run().path() + "; 'help' lists the verbs");
        terminal.flush();
        try (ConsoleEcho echo = new ConsoleEcho(session, reader, foreground::attached)) {
            // Interactively the guest boots right away: the first command is then instant
            // and a boot problem shows before anything is typed.
            int last = runCancellable("boot");
            while (!shell.quitRequested()) {
                String line;
                try {
                    line = reader.readLine(state.prompt());
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                last = runCancellable(line);
            }
            return last;
        }
    }

    /** Runs one line; Ctrl-C meanwhile cancels it (the guest command's process group is killed). */
    private int runCancellable(String line) {
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, s -> runner.cancel());
        try {
            return runner.run(line);
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
        }
    }
}
