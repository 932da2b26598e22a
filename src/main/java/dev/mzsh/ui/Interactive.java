package dev.mzsh.ui;

import com.googlecode.lanterna.screen.Screen;
import dev.mzsh.commands.Shell;
import dev.mzsh.commands.ShellContext;
import dev.mzsh.machine.SshSettings;
import dev.mzsh.session.GuestOptions;
import dev.mzsh.session.Installation;
import dev.mzsh.session.RunDirectory;
import dev.mzsh.session.Session;
import dev.mzsh.ui.plain.PlainForeground;
import dev.mzsh.ui.plain.PlainRepl;
import dev.mzsh.ui.split.ResultsLog;
import dev.mzsh.ui.split.SplitForeground;
import dev.mzsh.ui.split.SplitView;
import dev.mzsh.ui.split.TerminalScreens;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/** Starts the interactive front end the terminal can carry: the split view, else the plain prompt. */
public final class Interactive {
    /** Command history, shared by both front ends. */
    public static final Path HISTORY = Path.of(System.getProperty("user.home"), ".mzsh_history");

    private Interactive() {}

    public static int run(boolean plainAsked, GuestOptions options, RunDirectory run, Optional<SshSettings> ssh)
            throws IOException {
        Terminal terminal = TerminalBuilder.builder().system(true).build();
        FrontEnd choice = FrontEnd.choose(
                plainAsked, System.getenv("TERM"), terminal.getType(), terminal.getWidth(), terminal.getHeight());
        if (choice == FrontEnd.PLAIN) {
            return plain(options, run, ssh, terminal);
        }
        terminal.close(); // Lanterna takes the tty; no JLine reader may stay behind
        Screen screen;
        try {
            screen = TerminalScreens.open();
        } catch (IOException | RuntimeException e) {
            System.err.println("mzsh: cannot open the split view (" + e.getMessage() + "); using the plain prompt");
            return plain(
                    options, run, ssh, TerminalBuilder.builder().system(true).build());
        }
        int status;
        try {
            // Everything the session and the verbs print goes to the results pane.
            ResultsLog results = new ResultsLog();
            SplitForeground foreground = new SplitForeground();
            try (Session session = new Session(Installation.detect(), options, run, results.printStream(), ssh)) {
                ShellContext ctx = new ShellContext(
                        session, results.stream(), results.printStream(), results.printStream(), foreground);
                status = new SplitView(new Shell(ctx), session, results, foreground, HISTORY).run(screen);
            }
        } finally {
            screen.stopScreen();
        }
        System.err.println("mzsh: run directory " + run.path());
        return status;
    }

    private static int plain(GuestOptions options, RunDirectory run, Optional<SshSettings> ssh, Terminal terminal)
            throws IOException {
        try (terminal;
                Session session = new Session(Installation.detect(), options, run, System.err, ssh)) {
            PlainForeground foreground = new PlainForeground(terminal);
            // reports (status, kmap summaries) carry guest text: through the sanitiser, as stderr does
            PrintStream report = new PrintStream(
                    TerminalSafeText.stream(new FileOutputStream(FileDescriptor.out)), true, StandardCharsets.UTF_8);
            ShellContext ctx =
                    new ShellContext(session, new FileOutputStream(FileDescriptor.out), System.err, report, foreground);
            return new PlainRepl(new Shell(ctx), session, terminal, foreground, HISTORY).run();
        }
    }
}
