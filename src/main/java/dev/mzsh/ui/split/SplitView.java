package dev.mzsh.ui.split;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.Screen;
import dev.mzsh.commands.ExitStatus;
import dev.mzsh.commands.Foreground;
import dev.mzsh.commands.Shell;
import dev.mzsh.session.Guest;
import dev.mzsh.session.Session;
import dev.mzsh.ui.CommandRunner;
import dev.mzsh.ui.GuestStateText;
import dev.mzsh.ui.ShellCompleter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jline.keymap.KeyMap;

/**
 * The full-screen front end (Lanterna), made of panes: the guest console
 * ({@link ConsolePane}), the results ({@link ResultsPane}, or an attached
 * gdb/console endpoint in its place), the {@link StatusBar} and the command line.
 * One UI thread reads keys and draws; keys act through key maps; commands run on
 * the {@link CommandRunner}'s worker so the screen never freezes. Console bytes go
 * into the emulator on QEMU's thread and are drawn only on frame turns (at most
 * every {@link #FRAME_MILLIS} ms, {@link #FLOOD_FRAME_MILLIS} under a flood), never
 * when a key is handled, so a flooding guest costs a bounded amount of work and
 * never delays the echo of typing.
 */
public final class SplitView {
    static final long FRAME_MILLIS = 40;
    /**
     * The frame interval once the console has changed at every frame for {@link #BUSY_FRAMES}
     * frames (a flood): nobody reads text scrolling at 25 frames a second, and each frame
     * redraws most of the pane (Lanterna's refresh allocates per changed cell).
     */
    static final long FLOOD_FRAME_MILLIS = 100;

    static final int BUSY_FRAMES = 5;
    static final long POLL_MILLIS = 2;

    enum Focus {
        COMMAND,
        CONSOLE
    }

    private final Session session;
    private final ResultsLog results;
    private final SplitForeground foreground;
    private final CommandRunner runner;
    private final StatusBar status;
    private final GuestStateText state;
    private final CommandLineEditor editor;
    private final ConsolePane console;
    private final ResultsPane resultsPane;
    private final EmulatedPane endpointPane;
    private final CellCache cells = new CellCache();
    private final KeyMap<Runnable> commandKeys = new KeyMap<>();
    private final KeyMap<Runnable> consoleKeys = new KeyMap<>();
    private volatile int lastStatus;
    private Focus focus = Focus.COMMAND;
    private boolean helpShown;
    private Screen screen;
    private Layout layout;
    private StatusBar.State drawnStatus;
    private boolean endpointShown;
    private boolean leave;
    private boolean fullRedraw;

    public SplitView(Shell shell, Session session, ResultsLog results, SplitForeground foreground, Path historyFile)
            throws IOException {
        this(shell, new CommandRunner(shell), session, results, foreground, historyFile);
    }

    /** With the runner given (tests run stand-in commands on it); {@code shell} serves completion. */
    SplitView(
            Shell shell,
            CommandRunner runner,
            Session session,
            ResultsLog results,
            SplitForeground foreground,
            Path historyFile)
            throws IOException {
        this.session = session;
        this.results = results;
        this.foreground = foreground;
        this.runner = runner;
        this.status = new StatusBar(session, runner::activity, runner::queued);
        this.state = new GuestStateText(session);
        this.editor = new CommandLineEditor(new ShellCompleter(shell), historyFile);
        this.console = new ConsolePane(cells, session::consoleEcho);
        this.resultsPane = new ResultsPane(results, cells);
        this.endpointPane = new EmulatedPane(cells);
        bindKeys();
    }

    /** Binds every declared key ({@link SplitKeys}) to its action here. */
    private void bindKeys() {
        Map<SplitKeys.Action, Runnable> actions = actions();
        for (SplitKeys.Binding b : SplitKeys.bindings()) {
            Runnable action = actions.get(b.action());
            if (action == null) {
                throw new IllegalStateException("no action for key " + b.action());
            }
            for (Focus where : b.where()) {
                (where == Focus.COMMAND ? commandKeys : consoleKeys).bind(action, b.sequences());
            }
        }
    }

    /** What each declared key does. */
    private Map<SplitKeys.Action, Runnable> actions() {
        Map<SplitKeys.Action, Runnable> a = new EnumMap<>(SplitKeys.Action.class);
        a.put(SplitKeys.Action.RUN_LINE, () -> {
            String line = editor.accept();
            if (!line.isBlank()) {
                submit(line);
            }
        });
        a.put(SplitKeys.Action.COMPLETE, editor::complete);
        a.put(SplitKeys.Action.HISTORY_PREVIOUS, editor::historyPrevious);
        a.put(SplitKeys.Action.HISTORY_NEXT, editor::historyNext);
        a.put(SplitKeys.Action.INTERRUPT, this::interrupt);
        a.put(SplitKeys.Action.QUIT_OR_DELETE, () -> {
            if (editor.text().isEmpty()) {
                submit("quit");
            } else {
                editor.delete();
            }
        });
        a.put(SplitKeys.Action.RESULTS_PAGE_UP, () -> resultsPane.page(1));
        a.put(SplitKeys.Action.RESULTS_PAGE_DOWN, () -> resultsPane.page(-1));
        a.put(SplitKeys.Action.CONSOLE_LINE_UP, () -> console.scroll(1));
        a.put(SplitKeys.Action.CONSOLE_LINE_DOWN, () -> console.scroll(-1));
        a.put(SplitKeys.Action.CONSOLE_PAGE_UP, () -> console.scroll(console.page()));
        a.put(SplitKeys.Action.CONSOLE_PAGE_DOWN, () -> console.scroll(-console.page()));
        a.put(SplitKeys.Action.CONSOLE_FOCUS, () -> {
            focus = Focus.CONSOLE;
            console.touch();
        });
        a.put(SplitKeys.Action.COMMAND_FOCUS, () -> {
            focus = Focus.COMMAND;
            console.touch();
        });
        a.put(SplitKeys.Action.HELP, () -> helpShown = true);
        a.put(SplitKeys.Action.REDRAW, () -> {
            screen.clear();
            console.touch();
            resultsPane.touch();
        });
        a.put(SplitKeys.Action.LEFT, editor::left);
        a.put(SplitKeys.Action.RIGHT, editor::right);
        a.put(SplitKeys.Action.HOME, editor::home);
        a.put(SplitKeys.Action.END, editor::end);
        a.put(SplitKeys.Action.BACKSPACE, editor::backspace);
        a.put(SplitKeys.Action.DELETE, editor::delete);
        a.put(SplitKeys.Action.CLEAR_LINE, editor::clear);
        a.put(SplitKeys.Action.KILL_TO_END, editor::killToEnd);
        a.put(SplitKeys.Action.DELETE_WORD, editor::deleteWordBefore);
        return a;
    }

    /** Shows the view on {@code screen} (started by the caller) until quit; boots the guest first. */
    public int run(Screen target) throws IOException {
        PrintStream out = System.out;
        PrintStream err = System.err;
        // Anything printed behind our back would tear the screen: it goes to the results pane.
        System.setOut(results.printStream());
        System.setErr(results.printStream());
        Runnable unsubscribe = subscribe();
        try {
            show(target);
            submit("boot");
            loop();
            return lastStatus;
        } finally {
            unsubscribe.run();
            runner.close();
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** Starts taking the guest console and session events; returns how to stop. */
    Runnable subscribe() {
        Runnable consoleFeed = session.subscribeConsole(this::consoleBytes);
        Runnable events = session.events().subscribe(new ResultsEvents(results)::accept);
        return () -> {
            consoleFeed.run();
            events.run();
        };
    }

    /** Binds the view to a screen and lays it out (tests drive the view from here). */
    void show(Screen target) {
        this.screen = target;
        relayout(target.getTerminalSize());
    }

    private void loop() throws IOException {
        long lastFrame = 0;
        int busyFrames = 0; // consecutive frames at which the console had changed
        boolean slicing = false; // a console frame is being drawn a slice per turn
        while (!leave && !(runner.quitRequested() && !runner.busy())) {
            boolean input = false;
            for (KeyStroke k = screen.pollInput(); k != null; k = screen.pollInput()) {
                if (k.getKeyType() == KeyType.EOF) {
                    return; // the terminal went away
                }
                handleKey(k);
                input = true;
            }
            TerminalSize resized = screen.doResizeIfNecessary();
            if (resized != null) {
                relayout(resized);
                render(true);
                slicing = false;
                continue;
            }
            long now = System.nanoTime() / 1_000_000;
            if (slicing) {
                // Keys handled just above: their echo rides on this slice's refresh.
                slicing = !drawConsoleSlice(input);
            } else if (now - lastFrame >= (busyFrames >= BUSY_FRAMES ? FLOOD_FRAME_MILLIS : FRAME_MILLIS)
                    && changed()) {
                busyFrames = console.dirty() ? busyFrames + 1 : 0;
                render(false);
                slicing = startConsoleFrame();
                lastFrame = now;
            } else if (input) {
                // A key redraws the cheap parts at once; the emulated panes wait for their frame,
                // so a flooding console never delays the echo of typing.
                render(false);
            } else {
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Rows of the console pane drawn per turn of the loop. */
    static final int SLICE_ROWS = 6;

    /** Begins drawing the console pane (and an attached endpoint) for a frame; true while rows remain. */
    private boolean startConsoleFrame() throws IOException {
        SplitForeground.Attachment a = foreground.current();
        TextGraphics g = screen.newTextGraphics();
        if (a != null) {
            endpointPane.draw(
                    g,
                    layout.results(),
                    a.screen(),
                    0,
                    " " + a.endpoint().title() + " - keyboard here, Ctrl-] returns to mzsh ",
                    true);
        }
        if (!console.dirty() && a == null) {
            screen.refresh(Screen.RefreshType.DELTA);
            return false;
        }
        console.startFrame(g, layout.console(), focus == Focus.CONSOLE && a == null);
        return !drawConsoleSlice(false);
    }

    /**
     * Draws the next rows of the console frame; true when the frame is complete.
     * The screen is refreshed (Lanterna compares every cell) when the frame is
     * complete or a key was handled (its echo shows with the rows drawn so far), not
     * per slice: under a flood, refreshes were most of the UI thread's work.
     */
    private boolean drawConsoleSlice(boolean keys) throws IOException {
        TextGraphics g = screen.newTextGraphics();
        boolean done = console.drawRows(g, SLICE_ROWS);
        if (done || keys) {
            // the status bar with the prompt, from the same moment: a prompt showing the mode an
            // 'enable' just set beside a status bar still saying idle would tell a typist it ended
            drawStatus(g, layout.status());
            drawCommandLine(g, layout.command());
            screen.setCursorPosition(cursor(foreground.current()));
            screen.refresh(Screen.RefreshType.DELTA);
        }
        return done;
    }

    void consoleBytes(byte[] bytes) {
        String reply = console.feed(bytes);
        if (!reply.isEmpty()) {
            // the guest shell asks where the cursor is (ESC[6n) at each prompt: answer as a terminal would
            typeIntoGuest(reply.getBytes(StandardCharsets.UTF_8));
        }
    }

    private void typeIntoGuest(byte[] bytes) {
        session.currentGuest()
                .filter(Guest::alive)
                .ifPresent(g -> send(g.console().input(), bytes));
    }

    private void relayout(TerminalSize size) {
        layout = Layout.of(size.getColumns(), size.getRows());
        fullRedraw = true;
        console.resize(layout.console());
        foreground.paneSize(layout.results().cols(), layout.results().rows() - 1);
    }

    private boolean changed() {
        SplitForeground.Attachment a = foreground.current();
        return console.dirty()
                || resultsPane.changed()
                || !status.state().equals(drawnStatus)
                || (a != null && a.screen().dirty())
                || (a != null) != endpointShown;
    }

    // ---- keys ----

    void handleKey(KeyStroke k) {
        SplitForeground.Attachment a = foreground.current();
        if (helpShown) {
            helpShown = false;
            console.touch(); // the panes under the overlay
            resultsPane.touch();
            if (a != null) {
                a.screen().touch();
            }
            return;
        }
        if (a != null) {
            if (KeyBytes.isEscape(k)) {
                a.escaped().complete(null);
            } else {
                send(a.endpoint().input(), KeyBytes.of(k));
            }
            return;
        }
        if (focus == Focus.CONSOLE) {
            Runnable action = KeyBytes.isEscape(k)
                    ? consoleKeys.getBound(String.valueOf((char) Foreground.ESCAPE))
                    : consoleKeys.getBound(KeyBytes.sequence(k));
            if (action != null) {
                action.run();
            } else {
                console.follow();
                typeIntoGuest(KeyBytes.of(k));
            }
            return;
        }
        Runnable action = commandKeys.getBound(KeyBytes.sequence(k));
        if (action != null) {
            action.run();
        } else if (k.getKeyType() == KeyType.Character
                && !k.isCtrlDown()
                && !k.isAltDown()
                && k.getCharacter() >= ' ') {
            editor.insert(k.getCharacter());
        }
    }

    /** Ctrl-C: cancels the running command, a second one drops the queue too; when idle, clears the line. */
    private void interrupt() {
        CommandRunner.Interruption i = runner.interrupt();
        if (!i.any()) {
            editor.clear();
            return;
        }
        List<String> waiting = runner.queued();
        if (!i.dropped().isEmpty()) {
            results.add("^C - dropped " + i.dropped().size() + " queued: " + String.join("; ", i.dropped()));
        } else if (!waiting.isEmpty()) {
            results.add("^C - " + waiting.size() + " queued still to run; Ctrl-C again drops them");
        } else {
            results.add("^C");
        }
    }

    private void send(OutputStream to, byte[] bytes) {
        if (bytes.length == 0) {
            return;
        }
        try {
            to.write(bytes);
            to.flush();
        } catch (IOException e) {
            results.add("mzsh: cannot type there: " + e.getMessage());
        }
    }

    /**
     * Runs a line on the worker, or queues it behind the one running (type-ahead). A line
     * that ran idle starts a new results section; a queued one adds its section below the
     * output before it, so a pasted batch shows all its output, in order.
     */
    void submit(String line) {
        boolean queued = runner.busy(); // only this (UI) thread submits
        resultsPane.follow();
        runner.submit(
                line,
                () -> {
                    if (queued) {
                        results.next("mzsh> " + line);
                    } else {
                        results.begin("mzsh> " + line); // before the line runs, so none of its output is cleared
                    }
                },
                code -> {
                    lastStatus = code;
                    if (code != ExitStatus.OK) {
                        results.add("[exit status " + code + "]");
                    }
                });
    }

    /** Whether a command is running on the worker. */
    boolean busy() {
        return runner.busy();
    }

    // ---- drawing ----

    void render() throws IOException {
        render(true);
    }

    /** Draws the view; without {@code panes}, only the command line, status bar and results. */
    void render(boolean panes) throws IOException {
        TextGraphics g = screen.newTextGraphics();
        SplitForeground.Attachment a = foreground.current();
        if (!panes && (a != null) != endpointShown) {
            panes = true;
        }
        if (endpointShown && a == null) {
            resultsPane.touch(); // the endpoint covered it
        }
        endpointShown = a != null;
        if (panes) {
            console.draw(g, layout.console(), focus == Focus.CONSOLE && a == null);
        }
        if (a != null) {
            if (panes) {
                endpointPane.draw(
                        g,
                        layout.results(),
                        a.screen(),
                        0,
                        " " + a.endpoint().title() + " - keyboard here, Ctrl-] returns to mzsh ",
                        true);
            }
        } else if (panes || resultsPane.changed()) {
            resultsPane.draw(g, layout.results());
        }
        if (layout.console().col() + layout.console().cols() < layout.results().col()) {
            Rect c = layout.console();
            for (int row = 0; row < c.rows(); row++) {
                g.setCharacter(c.cols(), row, cells.text('\u2502', TextColor.ANSI.DEFAULT, TextColor.ANSI.DEFAULT));
            }
        }
        drawStatus(g, layout.status());
        drawCommandLine(g, layout.command());
        if (helpShown) {
            drawHelp(g);
        }
        screen.setCursorPosition(cursor(a));
        screen.refresh(fullRedraw ? Screen.RefreshType.COMPLETE : Screen.RefreshType.DELTA);
        fullRedraw = false;
    }

    private TerminalPosition cursor(SplitForeground.Attachment a) {
        if (helpShown || a != null || focus == Focus.CONSOLE) {
            return null; // an attached endpoint's cursor is drawn as a reverse-video cell
        }
        Rect r = layout.command();
        int col = Math.min(r.cols() - 1, state.prompt().length() + editor.cursor() - scrollOffset(r));
        return new TerminalPosition(col, r.row());
    }

    private void drawStatus(TextGraphics g, Rect r) {
        drawnStatus = status.state();
        String text = editor.hint().isEmpty() ? StatusBar.text(drawnStatus, r.cols()) : " " + editor.hint();
        cells.put(g, r.col(), r.row(), PaneTitle.fit(text, r.cols()), TextColor.ANSI.WHITE_BRIGHT, TextColor.ANSI.BLUE);
    }

    private int scrollOffset(Rect r) {
        int room = r.cols() - state.prompt().length() - 1;
        return Math.max(0, editor.cursor() - room);
    }

    private void drawCommandLine(TextGraphics g, Rect r) {
        String text = editor.text();
        String visible = text.substring(Math.min(text.length(), scrollOffset(r)));
        cells.put(
                g,
                r.col(),
                r.row(),
                PaneTitle.fit(state.prompt() + visible, r.cols()),
                TextColor.ANSI.DEFAULT,
                TextColor.ANSI.DEFAULT);
    }

    private void drawHelp(TextGraphics g) {
        List<String> lines = KeyHelp.lines(Math.max(10, screen.getTerminalSize().getColumns() - 6));
        int width = Math.min(
                screen.getTerminalSize().getColumns() - 2,
                lines.stream().mapToInt(String::length).max().orElse(10) + 4);
        int height = Math.min(screen.getTerminalSize().getRows() - 2, lines.size() + 2);
        int left = Math.max(0, (screen.getTerminalSize().getColumns() - width) / 2);
        int top = Math.max(0, (screen.getTerminalSize().getRows() - height) / 2);
        g.setForegroundColor(TextColor.ANSI.BLACK).setBackgroundColor(TextColor.ANSI.WHITE);
        g.fillRectangle(new TerminalPosition(left, top), new TerminalSize(width, height), ' ');
        for (int i = 0; i < lines.size() && i < height - 2; i++) {
            g.putString(left + 2, top + 1 + i, PaneTitle.fit(lines.get(i), width - 4));
        }
        g.setForegroundColor(TextColor.ANSI.DEFAULT).setBackgroundColor(TextColor.ANSI.DEFAULT);
    }

    Layout layout() {
        return layout;
    }
}
