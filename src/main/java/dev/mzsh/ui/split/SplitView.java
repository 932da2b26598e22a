package dev.mzsh.ui.split;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.Screen;
import dev.mzsh.commands.ExitStatus;
import dev.mzsh.commands.Shell;
import dev.mzsh.session.Guest;
import dev.mzsh.session.Session;
import dev.mzsh.ui.ShellCompleter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * The full-screen front end (Lanterna): the guest console pane (an emulated
 * terminal with scrollback), the results pane (the last command's output, or an
 * attached gdb/console endpoint), a status bar and a command line. One UI thread
 * reads keys and draws; commands run on a worker so the screen never freezes;
 * console bytes go into the emulator on QEMU's thread and are drawn at most every
 * {@link #FRAME_MILLIS} ms, so a flooding guest costs a bounded amount of work.
 */
public final class SplitView {
    static final long FRAME_MILLIS = 40;
    static final long POLL_MILLIS = 2;
    static final int CONSOLE_SCROLLBACK = EmulatedScreen.MAX_SIZE;
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]|\u001B[@-Z\\\\-_]");

    enum Focus { COMMAND, CONSOLE }

    private final Shell shell;
    private final Session session;
    private final ResultsLog results;
    private final SplitForeground foreground;
    private final StatusBar status;
    private final CommandLineEditor editor;
    private final EmulatedScreen console;
    private final CellCache cells = new CellCache();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mzsh-command");
        t.setDaemon(true);
        return t;
    });
    private volatile Thread workerThread;
    private volatile boolean busy;
    private volatile int lastStatus;
    private Focus focus = Focus.COMMAND;
    private boolean helpShown;
    private int resultsBack;
    /** Whether the results pane holds the latest block's first line at its top (until the user scrolls). */
    private boolean resultsPinned;
    private long anchorSeen;
    private int consoleBack;
    private Screen screen;
    private Layout layout;
    private long drawnResults = -1;
    private String drawnStatus = "";
    private boolean endpointShown;
    private boolean leave;
    private boolean fullRedraw;

    public SplitView(Shell shell, Session session, ResultsLog results, SplitForeground foreground, Path historyFile)
            throws IOException {
        this.shell = shell;
        this.session = session;
        this.results = results;
        this.foreground = foreground;
        this.status = new StatusBar(session);
        this.editor = new CommandLineEditor(new ShellCompleter(shell), historyFile);
        this.console = new EmulatedScreen(80, 0, CONSOLE_SCROLLBACK);
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
            Thread t = workerThread;
            if (t != null) {
                t.interrupt();
            }
            worker.shutdownNow();
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** Starts taking the guest console and session events; returns how to stop. */
    Runnable subscribe() {
        Runnable console = session.subscribeConsole(this::consoleBytes);
        Runnable events = session.events().subscribe(new ResultsEvents(results)::accept);
        return () -> {
            console.run();
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
        while (!leave && !(shell.quitRequested() && !busy)) {
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
            }
            long now = System.nanoTime() / 1_000_000;
            if (resized != null || (now - lastFrame >= FRAME_MILLIS && changed())) {
                render(true);
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

    void consoleBytes(byte[] bytes) {
        String reply = console.feed(bytes);
        if (!reply.isEmpty()) {
            // the guest shell asks where the cursor is (ESC[6n) at each prompt: answer as a terminal would
            session.currentGuest().filter(Guest::alive).ifPresent(g ->
                    send(g.qemu().consoleInput(), reply.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
    }

    private void relayout(TerminalSize size) {
        layout = Layout.of(size.getColumns(), size.getRows());
        fullRedraw = true;
        console.resize(layout.console().cols(), layout.console().rows() - 1);
        foreground.paneSize(layout.results().cols(), layout.results().rows() - 1);
    }

    private boolean changed() {
        SplitForeground.Attachment a = foreground.current();
        return console.dirty() || results.version() != drawnResults || !status.text().equals(drawnStatus)
                || (a != null && a.screen().dirty()) || (a != null) != endpointShown;
    }

    // ---- keys ----

    void handleKey(KeyStroke k) {
        SplitForeground.Attachment a = foreground.current();
        if (helpShown) {
            helpShown = false;
            console.touch(); // the panes under the overlay
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
            consoleKey(k);
            return;
        }
        commandKey(k);
    }

    private void consoleKey(KeyStroke k) {
        if (KeyBytes.isEscape(k)) {
            focus = Focus.COMMAND;
            console.touch();
            return;
        }
        if (scrollKey(k)) {
            return;
        }
        Guest g = session.currentGuest().filter(Guest::alive).orElse(null);
        if (g != null) {
            consoleBack = 0;
            send(g.qemu().consoleInput(), KeyBytes.of(k));
        }
    }

    /** Shift/Ctrl-Up/Down scroll the console pane a line, Shift-PgUp/PgDn a page. */
    private boolean scrollKey(KeyStroke k) {
        boolean mod = k.isShiftDown() || k.isCtrlDown();
        int page = Math.max(1, layout.console().rows() - 2);
        int step = switch (k.getKeyType()) {
            case ArrowUp -> mod ? 1 : 0;
            case ArrowDown -> mod ? -1 : 0;
            case PageUp -> mod || focus == Focus.CONSOLE ? page : 0;
            case PageDown -> mod || focus == Focus.CONSOLE ? -page : 0;
            default -> 0;
        };
        if (step == 0) {
            return false;
        }
        int max = console.maxBack(layout.console().rows() - 1);
        consoleBack = Math.max(0, Math.min(max, consoleBack + step));
        console.touch();
        return true;
    }

    private void commandKey(KeyStroke k) {
        if (scrollKey(k)) {
            return;
        }
        int page = Math.max(1, layout.results().rows() - 2);
        switch (k.getKeyType()) {
            case Character -> characterKey(k);
            case Enter -> {
                String line = editor.accept();
                if (!line.isBlank()) {
                    submit(line);
                }
            }
            case Backspace -> editor.backspace();
            case Delete -> editor.delete();
            case ArrowLeft -> editor.left();
            case ArrowRight -> editor.right();
            case Home -> editor.home();
            case End -> editor.end();
            case ArrowUp -> editor.historyPrevious();
            case ArrowDown -> editor.historyNext();
            case Tab -> editor.complete();
            case PageUp -> {
                resultsPinned = false;
                resultsBack += page;
            }
            case PageDown -> {
                resultsPinned = false;
                resultsBack = Math.max(0, resultsBack - page);
            }
            case F1 -> helpShown = true;
            case F2 -> {
                focus = Focus.CONSOLE;
                console.touch();
            }
            default -> { }
        }
    }

    private void characterKey(KeyStroke k) {
        char c = k.getCharacter();
        if (k.isCtrlDown() || c < ' ') {
            char key = c < ' ' ? (char) (c + '`') : Character.toLowerCase(c);
            switch (key) {
                case 'c' -> cancelOrClear();
                case 'd' -> {
                    if (editor.text().isEmpty()) {
                        submit("quit");
                    } else {
                        editor.delete();
                    }
                }
                case 'a' -> editor.home();
                case 'e' -> editor.end();
                case 'u' -> editor.clear();
                case 'k' -> editor.killToEnd();
                case 'w' -> editor.deleteWordBefore();
                case 'l' -> screen.clear();
                default -> { }
            }
            return;
        }
        editor.insert(c);
    }

    private void cancelOrClear() {
        Thread t = workerThread;
        if (busy && t != null) {
            t.interrupt();
            results.add("^C");
        } else {
            editor.clear();
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

    /** Runs a line on the worker; refused while another runs (the shell runs one command at a time). */
    void submit(String line) {
        if (busy) {
            results.add("mzsh: '" + status.activity().substring("running: ".length())
                    + "' is still running; Ctrl-C cancels it");
            return;
        }
        busy = true;
        resultsBack = 0;
        status.activity(line);
        results.begin("mzsh> " + line);
        worker.submit(() -> {
            workerThread = Thread.currentThread();
            try {
                int code = shell.execute(line);
                lastStatus = code;
                if (code != ExitStatus.OK) {
                    results.add("[exit status " + code + "]");
                }
            } catch (RuntimeException e) {
                results.add("mzsh: " + e);
            } finally {
                workerThread = null;
                Thread.interrupted(); // a late Ctrl-C must not cancel the next command
                status.activity("");
                busy = false;
            }
        });
    }

    /** Whether a command is running on the worker. */
    boolean busy() {
        return busy;
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
        endpointShown = a != null;
        if (panes) {
            drawEmulated(g, layout.console(), console, consoleBack,
                focus == Focus.CONSOLE && a == null
                        ? " guest console - keyboard to the guest, Ctrl-] returns "
                        : " guest console " + (consoleBack > 0 ? "(scrolled back " + consoleBack + ") " : "")
                                + "- F2 types into it ");
        }
        if (a != null) {
            if (panes) {
                drawEmulated(g, layout.results(), a.screen(), 0,
                        " " + a.endpoint().title() + " - keyboard here, Ctrl-] returns to mzsh ");
            }
        } else {
            drawResults(g, layout.results());
        }
        if (layout.console().col() + layout.console().cols() < layout.results().col()) {
            Rect c = layout.console();
            g.setForegroundColor(TextColor.ANSI.DEFAULT).setBackgroundColor(TextColor.ANSI.DEFAULT);
            g.drawLine(c.cols(), 0, c.cols(), c.rows() - 1, '\u2502');
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
        if (helpShown) {
            return null;
        }
        if (a != null) {
            return null; // drawn as a reverse-video cell by drawEmulated
        }
        if (focus == Focus.CONSOLE) {
            return null;
        }
        Rect r = layout.command();
        int prompt = prompt().length();
        int col = Math.min(r.cols() - 1, prompt + editor.cursor() - scrollOffset(r));
        return new TerminalPosition(col, r.row());
    }

    private void title(TextGraphics g, Rect r, String text) {
        g.setForegroundColor(TextColor.ANSI.BLACK).setBackgroundColor(TextColor.ANSI.CYAN);
        g.putString(r.col(), r.row(), fit(text, r.cols()));
        g.setForegroundColor(TextColor.ANSI.DEFAULT).setBackgroundColor(TextColor.ANSI.DEFAULT);
    }

    private void drawEmulated(TextGraphics g, Rect r, EmulatedScreen emulator, int back, String heading) {
        title(g, r, heading);
        int height = r.rows() - 1;
        EmulatedScreen.Snapshot s = emulator.view(height, back);
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < r.cols(); col++) {
                long v = col < s.cols() ? s.cell(col, row) : ' ';
                TextCharacter tc = row == s.cursorRow() && col == s.cursorCol() && emulator != console
                        ? cells.cursor(v) : cells.of(v);
                g.setCharacter(r.col() + col, r.row() + 1 + row, tc);
            }
        }
    }


    private void drawResults(TextGraphics g, Rect r) {
        drawnResults = results.version();
        ResultsLog.View view = results.view(r.cols());
        List<StyledLine> lines = view.lines();
        int height = r.rows() - 1;
        int maxBack = Math.max(0, lines.size() - height);
        if (view.anchorSerial() != anchorSeen) {
            anchorSeen = view.anchorSerial();
            resultsPinned = view.anchor() >= 0;
        }
        if (resultsPinned && view.anchor() >= 0) {
            // a chart or table just landed: open at its first line; PgUp/PgDn move from there
            resultsBack = Math.max(0, lines.size() - height - view.anchor());
        }
        resultsBack = Math.min(resultsBack, maxBack);
        int first = Math.max(0, lines.size() - height - resultsBack);
        title(g, r, " results " + (resultsBack > 0 ? "(" + resultsBack + " lines below, PgDn) " : "- PgUp/PgDn scroll "));
        for (int row = 0; row < height; row++) {
            int i = first + row;
            drawLine(g, r.col(), r.row() + 1 + row, r.cols(), i < lines.size() ? lines.get(i) : StyledLine.empty());
        }
        g.setForegroundColor(TextColor.ANSI.DEFAULT);
    }

    /** A styled line cut or padded to {@code width}; uncoloured spans coloured as plain output. */
    private static void drawLine(TextGraphics g, int col, int row, int width, StyledLine line) {
        int x = 0;
        for (StyledLine.Span span : line.spans()) {
            if (x >= width) {
                break;
            }
            String text = clean(span.text());
            g.setForegroundColor(span.color() != null ? span.color() : colorOf(text));
            String cut = text.substring(0, Math.min(text.length(), width - x));
            g.putString(col + x, row, cut);
            x += cut.length();
        }
        g.setForegroundColor(TextColor.ANSI.DEFAULT);
        if (x < width) {
            g.putString(col + x, row, " ".repeat(width - x));
        }
    }

    /** TAP-style lines: ok green, not ok red; mzsh's own errors yellow. */
    static TextColor colorOf(String line) {
        if (line.startsWith("not ok")) {
            return TextColor.ANSI.RED;
        }
        if (line.startsWith("ok")) {
            return TextColor.ANSI.GREEN;
        }
        if (line.startsWith("mzsh: ")) {
            return TextColor.ANSI.YELLOW;
        }
        return TextColor.ANSI.DEFAULT;
    }

    private static String clean(String line) {
        String s = ANSI.matcher(line).replaceAll("").replace("\t", "    ");
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            sb.append(CellCache.printable(s.charAt(i)));
        }
        return sb.toString();
    }

    private void drawStatus(TextGraphics g, Rect r) {
        String text = editor.hint().isEmpty() ? status.text(r.cols()) : " " + editor.hint();
        drawnStatus = status.text();
        g.setForegroundColor(TextColor.ANSI.WHITE_BRIGHT).setBackgroundColor(TextColor.ANSI.BLUE);
        g.putString(r.col(), r.row(), fit(text, r.cols()));
        g.setForegroundColor(TextColor.ANSI.DEFAULT).setBackgroundColor(TextColor.ANSI.DEFAULT);
    }

    private String prompt() {
        return new dev.mzsh.ui.GuestStateText(session).prompt();
    }

    private int scrollOffset(Rect r) {
        int room = r.cols() - prompt().length() - 1;
        return Math.max(0, editor.cursor() - room);
    }

    private void drawCommandLine(TextGraphics g, Rect r) {
        String p = prompt();
        String text = editor.text();
        String visible = text.substring(Math.min(text.length(), scrollOffset(r)));
        g.putString(r.col(), r.row(), fit(p + visible, r.cols()));
    }

    private void drawHelp(TextGraphics g) {
        List<String> lines = KeyHelp.LINES;
        int width = Math.min(screen.getTerminalSize().getColumns() - 2,
                lines.stream().mapToInt(String::length).max().orElse(10) + 4);
        int height = Math.min(screen.getTerminalSize().getRows() - 2, lines.size() + 2);
        int left = Math.max(0, (screen.getTerminalSize().getColumns() - width) / 2);
        int top = Math.max(0, (screen.getTerminalSize().getRows() - height) / 2);
        g.setForegroundColor(TextColor.ANSI.BLACK).setBackgroundColor(TextColor.ANSI.WHITE);
        g.fillRectangle(new TerminalPosition(left, top), new TerminalSize(width, height), ' ');
        for (int i = 0; i < lines.size() && i < height - 2; i++) {
            g.putString(left + 2, top + 1 + i, fit(lines.get(i), width - 4));
        }
        g.setForegroundColor(TextColor.ANSI.DEFAULT).setBackgroundColor(TextColor.ANSI.DEFAULT);
    }

    /** {@code s} cut or padded to exactly {@code width} cells. */
    static String fit(String s, int width) {
        if (s.length() >= width) {
            return s.substring(0, Math.max(0, width));
        }
        return s + " ".repeat(width - s.length());
    }

    Layout layout() {
        return layout;
    }

    /** Stops the loop at its next turn (tests). */
    void leave() {
        leave = true;
    }
}
