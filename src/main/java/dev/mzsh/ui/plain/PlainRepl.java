package dev.mzsh.ui.plain;

import dev.mzsh.commands.Shell;
import dev.mzsh.session.Guest;
import dev.mzsh.session.Session;
import java.io.IOException;
import java.nio.file.Path;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The plain interactive front end: a JLine prompt showing the guest state, verb
 * completion and per-user history. Ctrl-C cancels the running command, not the
 * shell; Ctrl-D or quit powers the guest off and leaves.
 */
public final class PlainRepl {
    private final Shell shell;
    private final Session session;

    public PlainRepl(Shell shell, Session session) {
        this.shell = shell;
        this.session = session;
    }

    public int run() throws IOException {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            LineReader reader = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("mzsh")
                    .completer(new StringsCompleter(shell.verbs()))
                    .variable(LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"), ".mzsh_history"))
                    .build();
            terminal.writer().println("mzsh: run directory " + session.run().path() + "; 'help' lists the verbs");
            terminal.flush();
            // Interactively the guest boots right away: the first command is then instant
            // and a boot problem shows before anything is typed.
            int last = runCancellable(terminal, "boot");
            while (!shell.quitRequested()) {
                String line;
                try {
                    line = reader.readLine(prompt());
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                last = runCancellable(terminal, line);
            }
            return last;
        }
    }

    /** Runs one line; Ctrl-C meanwhile cancels it (the guest command's process group is killed). */
    private int runCancellable(Terminal terminal, String line) {
        Thread worker = Thread.currentThread();
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, s -> worker.interrupt());
        try {
            return shell.execute(line);
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
            Thread.interrupted(); // a late Ctrl-C must not cancel the next command
        }
    }

    private String prompt() {
        String state = session.currentGuest().filter(Guest::alive).map(g -> "running").orElse("off");
        return "mzsh[" + state + "]> ";
    }
}
