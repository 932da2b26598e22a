package dev.mzsh.ui.split;

import static dev.mzsh.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import dev.mzsh.bats.BatsResults;
import dev.mzsh.bats.BatsRun;
import dev.mzsh.bats.TapParser;
import dev.mzsh.commands.Shell;
import dev.mzsh.commands.ShellContext;
import dev.mzsh.kmap.KmapAnalyzer;
import dev.mzsh.kmap.KmapOptions;
import dev.mzsh.kmap.KmapReport;
import dev.mzsh.kmap.KmapResults;
import dev.mzsh.kmap.KmapSummary;
import dev.mzsh.kmap.SymbolTable;
import dev.mzsh.session.ForegroundEndpoint;
import dev.mzsh.session.GuestOptions;
import dev.mzsh.session.GuestStopped;
import dev.mzsh.session.Installation;
import dev.mzsh.session.RunDirectory;
import dev.mzsh.session.Session;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The split view drawn on Lanterna's virtual terminal; no guest is booted (commands that need none). */
class SplitViewTest {
    @TempDir
    Path tmp;

    private Session session;
    private ResultsLog results;
    private SplitForeground foreground;
    private SplitView view;
    private DefaultVirtualTerminal vt;
    private TerminalScreen screen;

    @BeforeEach
    void setUp() throws Exception {
        GuestOptions options = GuestOptions.defaults();
        results = new ResultsLog();
        session = new Session(
                Installation.detect(), options, RunDirectory.exactly(tmp.resolve("run")), results.printStream());
        foreground = new SplitForeground();
        ShellContext ctx =
                new ShellContext(session, results.stream(), results.printStream(), results.printStream(), foreground);
        view = new SplitView(new Shell(ctx), session, results, foreground, tmp.resolve("history"));
        vt = new DefaultVirtualTerminal(new TerminalSize(80, 24));
        screen = new TerminalScreen(vt);
        screen.startScreen();
        view.show(screen);
    }

    @AfterEach
    void tearDown() throws Exception {
        screen.stopScreen();
        session.close();
    }

    private String row(int r) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < vt.getTerminalSize().getColumns(); c++) {
            sb.append(vt.getCharacter(c, r).getCharacterString());
        }
        return sb.toString();
    }

    private String rows(Rect r) {
        StringBuilder sb = new StringBuilder();
        for (int y = r.row(); y < r.row() + r.rows(); y++) {
            sb.append(row(y), r.col(), r.col() + r.cols()).append('\n');
        }
        return sb.toString();
    }

    private int find(Rect r, String text) {
        for (int y = r.row(); y < r.row() + r.rows(); y++) {
            int i = row(y).substring(r.col(), r.col() + r.cols()).indexOf(text);
            if (i >= 0) {
                return y * 1000 + r.col() + i;
            }
        }
        return -1;
    }

    private void runToEnd(String line) throws Exception {
        view.submit(line);
        eventually(Duration.ofSeconds(4), "'" + line + "' to finish", () -> !view.busy());
    }

    @Test
    void consolePaneShowsFedTextWithItsColours() throws Exception {
        view.consoleBytes("boot line one\r\nplain \033[31mred\033[0m and \033[1;32mgreen\033[0m\r\n"
                .getBytes(StandardCharsets.UTF_8));
        view.render();
        Rect console = view.layout().console();
        assertThat(rows(console)).contains("boot line one").contains("plain red and green");
        int at = find(console, "red and");
        assertThat(vt.getCharacter(at % 1000, at / 1000).getForegroundColor()).isEqualTo(TextColor.ANSI.RED);
        assertThat(vt.getCharacter(at % 1000 + 4, at / 1000).getForegroundColor())
                .isEqualTo(TextColor.ANSI.DEFAULT);
        int green = find(console, "green");
        assertThat(vt.getCharacter(green % 1000, green / 1000).getForegroundColor())
                .isEqualTo(TextColor.ANSI.GREEN);
        assertThat(vt.getCharacter(green % 1000, green / 1000).getModifiers())
                .contains(com.googlecode.lanterna.SGR.BOLD);
        // the results pane is elsewhere: the console text does not leak into it
        assertThat(rows(view.layout().results())).doesNotContain("boot line one");
    }

    @Test
    void theResultsPaneIsDrawnAgainAfterTheHelpOverlayAndCtrlL() throws Exception {
        results.begin("mzsh> status");
        results.add("a result line");
        view.render();
        Rect r = view.layout().results();
        assertThat(rows(r)).contains("a result line");
        view.handleKey(new KeyStroke(KeyType.F1));
        view.render(false);
        assertThat(rows(view.layout().console()) + rows(r)).contains("mzsh split view - keys");
        view.handleKey(new KeyStroke('x', false, false)); // any key closes the help
        view.render(false); // only the cheap parts: the results pane is drawn because it was covered
        assertThat(rows(r)).contains("a result line");
        for (String help : KeyHelp.lines(74)) {
            if (help.length() > 20) {
                assertThat(rows(r)).doesNotContain(help.substring(0, 20));
            }
        }
        view.handleKey(new KeyStroke('l', true, false)); // Ctrl-L clears the screen to redraw it
        view.render(false);
        assertThat(rows(r)).contains("a result line");
    }

    @Test
    void consoleOffHidesWhatTheGuestPrintsUntilConsoleOn() throws Exception {
        runToEnd("console off");
        view.consoleBytes("hidden line\r\n".getBytes(StandardCharsets.UTF_8));
        view.render();
        assertThat(rows(view.layout().console())).doesNotContain("hidden line").contains("console off");
        runToEnd("console on");
        view.consoleBytes("shown line\r\n".getBytes(StandardCharsets.UTF_8));
        view.render();
        assertThat(rows(view.layout().console())).contains("shown line").doesNotContain("console off");
    }

    @Test
    void consoleSplitAcrossChunksAndUtf8() throws Exception {
        byte[] text = "caf\u00e9 \u2713\r\n".getBytes(StandardCharsets.UTF_8);
        for (byte b : text) {
            view.consoleBytes(new byte[] {b});
        }
        view.render();
        assertThat(rows(view.layout().console())).contains("caf\u00e9 \u2713");
    }

    @Test
    void resultsPaneShowsTheCommandsOutputAndTapColours() throws Exception {
        runToEnd("help");
        results.add("ok 1 works");
        results.add("not ok 2 broken");
        view.render();
        Rect r = view.layout().results();
        String pane = rows(r);
        assertThat(pane).contains("'help VERB' shows a verb's options").contains("ok 1 works");
        int ok = find(r, "ok 1 works");
        int bad = find(r, "not ok 2");
        assertThat(vt.getCharacter(ok % 1000, ok / 1000).getForegroundColor()).isEqualTo(TextColor.ANSI.GREEN);
        assertThat(vt.getCharacter(bad % 1000, bad / 1000).getForegroundColor()).isEqualTo(TextColor.ANSI.RED);

        runToEnd("nosuchverb");
        view.render();
        assertThat(rows(r))
                .contains("mzsh> nosuchverb")
                .contains("unknown command 'nosuchverb'")
                .contains("[exit status 2]")
                .doesNotContain("ok 1 works");
    }

    @Test
    void eventsAreShownInTheResultsPane() throws Exception {
        Runnable off = view.subscribe();
        try {
            session.events().publish(new Object() {
                @Override
                public String toString() {
                    return "kmap summary: 3 objects";
                }
            });
        } finally {
            off.run();
        }
        session.events().publish("after unsubscribe");
        view.render();
        assertThat(rows(view.layout().results()))
                .contains("kmap summary: 3 objects")
                .doesNotContain("after unsubscribe");
    }

    @Test
    void statusBarShowsStateAndRunDirectory() throws Exception {
        view.render();
        String status = row(view.layout().status().row());
        assertThat(status)
                .contains("vm off")
                .contains("accel -")
                .contains("up -")
                .contains("idle")
                .contains("run " + tmp.resolve("run").toString().substring(0, 12));
        assertThat(row(view.layout().command().row())).startsWith("mzsh[off]> ");
    }

    @Test
    void typingTabCompletionAndHistory() throws Exception {
        for (char c : "he".toCharArray()) {
            view.handleKey(new KeyStroke(c, false, false));
        }
        view.handleKey(new KeyStroke(KeyType.Tab));
        view.render();
        assertThat(row(23)).startsWith("mzsh[off]> help ");
        // "statu": stats, status, stream-kmap and source share shorter prefixes
        for (char c : "statu".toCharArray()) {
            view.handleKey(new KeyStroke(c, false, false));
        }
        view.handleKey(new KeyStroke(KeyType.Tab));
        view.render();
        assertThat(row(23)).startsWith("mzsh[off]> help status ");
        view.handleKey(new KeyStroke(KeyType.Enter));
        eventually(Duration.ofSeconds(4), "help to finish", () -> !view.busy());
        view.render();
        assertThat(rows(view.layout().results())).contains("mzsh> help status").contains("Usage: status");
        assertThat(row(23).strip()).isEqualTo("mzsh[off]>");
        view.handleKey(new KeyStroke(KeyType.ArrowUp));
        view.render();
        assertThat(row(23)).startsWith("mzsh[off]> help status");
    }

    @Test
    void resizeRelaysOutWithoutOverlap() throws Exception {
        view.consoleBytes("console text\r\n".getBytes(StandardCharsets.UTF_8));
        runToEnd("help");
        for (TerminalSize size : List.of(new TerminalSize(200, 50), new TerminalSize(80, 24))) {
            vt.setTerminalSize(size);
            screen.doResizeIfNecessary();
            view.show(screen);
            view.render();
            Layout l = view.layout();
            for (Rect a : List.of(l.console(), l.results(), l.status(), l.command())) {
                assertThat(a.within(size.getColumns(), size.getRows()))
                        .as(a + " in " + size)
                        .isTrue();
                for (Rect b : List.of(l.console(), l.results(), l.status(), l.command())) {
                    assertThat(a != b && a.overlaps(b)).as(a + " overlaps " + b).isFalse();
                }
            }
            assertThat(rows(l.console())).contains("guest console").contains("console text");
            assertThat(rows(l.results())).contains("results").contains("'help VERB' shows");
            assertThat(row(size.getRows() - 2)).contains("vm off");
            assertThat(row(size.getRows() - 1)).startsWith("mzsh[off]>");
        }
    }

    @Test
    void attachedEndpointGetsAPaneAndTheKeyboardUntilCtrlBracket() throws Exception {
        ByteArrayOutputStream typed = new ByteArrayOutputStream();
        CompletableFuture<Consumer<byte[]>> sink = new CompletableFuture<>();
        int[] size = new int[2];
        ForegroundEndpoint endpoint = new ForegroundEndpoint() {
            public String title() {
                return "fake gdb";
            }

            public AutoCloseable output(Consumer<byte[]> s) {
                sink.complete(s);
                return () -> {};
            }

            public OutputStream input() {
                return typed;
            }

            public void resize(int columns, int rows) {
                size[0] = columns;
                size[1] = rows;
            }

            public CompletableFuture<Void> ended() {
                return new CompletableFuture<>();
            }
        };
        Thread worker = new Thread(() -> {
            try {
                foreground.attach(endpoint);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        worker.start();
        sink.get(5, java.util.concurrent.TimeUnit.SECONDS).accept("(gdb) \033[33mwarn\033[0m".getBytes());
        view.render();
        Rect pane = view.layout().results();
        assertThat(rows(pane)).contains("fake gdb").contains("(gdb) warn");
        assertThat(size).containsExactly(pane.cols(), pane.rows() - 1);
        view.handleKey(new KeyStroke('b', false, false));
        view.handleKey(new KeyStroke('c', true, false));
        view.handleKey(new KeyStroke(KeyType.Enter));
        assertThat(typed.toByteArray()).containsExactly('b', 3, '\r');
        assertThat(worker.isAlive()).isTrue();
        view.handleKey(new KeyStroke((char) 0x1d, false, false));
        worker.join(5000);
        assertThat(worker.isAlive()).isFalse();
        assertThat(foreground.current()).isNull();
        view.render();
        assertThat(rows(pane)).doesNotContain("fake gdb").contains("results");
    }

    // ---- typed results: kmap charts and BATS tables ----

    private static KmapSummary summary(String name) throws Exception {
        return KmapAnalyzer.summarize(
                Path.of(SplitViewTest.class.getResource("/kmap/" + name).toURI()), KmapOptions.defaults());
    }

    private void resize(int cols, int rows) throws Exception {
        vt.setTerminalSize(new TerminalSize(cols, rows));
        screen.doResizeIfNecessary();
        view.show(screen);
        view.render();
    }

    /** As dump-kmap does it: the summary on the event bus; its text form only when no front end drew it. */
    private void landKmap(KmapSummary s) {
        results.begin("mzsh> dump-kmap");
        Runnable off = view.subscribe();
        try {
            boolean shown = session.events().publish(s);
            assertThat(shown)
                    .as("the split view draws the summary, so the text report stays out")
                    .isTrue();
            if (!shown) {
                KmapReport.print(s, results.printStream());
            }
        } finally {
            off.run();
        }
    }

    /** The bar (block characters) on screen row {@code y} inside {@code r}: [first col, last col], or null. */
    private int[] bar(Rect r, int y) {
        String line = row(y).substring(r.col(), r.col() + r.cols());
        int from = -1;
        int to = -1;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c >= '\u2589' && c <= '\u258F' || c == BarChart.FULL) {
                from = from < 0 ? i : from;
                to = i;
            }
        }
        return from < 0 ? null : new int[] {r.col() + from, r.col() + to};
    }

    private int rowOf(Rect r, String text) {
        int at = find(r, text);
        assertThat(at).as("'" + text + "' in the pane:\n" + rows(r)).isGreaterThanOrEqualTo(0);
        return at / 1000;
    }

    /** No block character anywhere outside the results pane (console, status, command line, gap). */
    private void assertBarsOnlyIn(Rect r) {
        TerminalSize size = vt.getTerminalSize();
        for (int y = 0; y < size.getRows(); y++) {
            String line = row(y);
            for (int x = 0; x < size.getColumns(); x++) {
                boolean inside = x >= r.col() && x < r.col() + r.cols() && y > r.row() && y < r.row() + r.rows();
                if (!inside) {
                    assertThat(line.charAt(x)).as("cell " + x + "," + y).isNotEqualTo(BarChart.FULL);
                }
            }
        }
    }

    @Test
    void theAccessMapIsDrawnAsBarsAfterTheOtherCharts() throws Exception {
        KmapResults r = KmapAnalyzer.summarizeWithAccess(
                Path.of(SplitViewTest.class.getResource("/access/known.kmap").toURI()),
                KmapOptions.defaults()
                        .withSymbols(SymbolTable.fromSystemMap(Path.of(SplitViewTest.class
                                .getResource("/access/known.System.map")
                                .toURI()))));
        results.begin("mzsh> dump-kmap");
        Runnable off = view.subscribe();
        try {
            assertThat(session.events().publish(r)).isTrue();
        } finally {
            off.run();
        }
        resize(200, 80);
        String pane = rows(view.layout().results());
        assertThat(pane)
                .contains("access map: accessing function -> object class, by accesses (6 pairs)")
                .contains("vfs_read -> getname names_cache KMEM_CACHE")
                .contains("10 r 0 w")
                .contains("█");
    }

    @Test
    void kmapSummaryIsDrawnAsBarChartsScaledToThePane() throws Exception {
        KmapSummary s = summary("current.kmap");
        // the fixture: site ...69a43 allocated 3 objects, every other site 1
        assertThat(s.allocSitesByCount().get(0).count()).isEqualTo(3);
        landKmap(s);
        view.consoleBytes("console text\r\n".getBytes(StandardCharsets.UTF_8));

        resize(200, 50);
        Rect r = view.layout().results();
        String pane = rows(r);
        assertThat(pane)
                .contains("kmap current.kmap")
                .contains("newest/v26 (11 fields, access lines with pid) format")
                .contains("objects 7  live 3  freed 2  overwritten 2")
                .contains("reads 13  writes 6")
                .contains("allocation sites by count (5 sites)")
                .contains("commands by count")
                .contains("slab caches by count")
                .contains("object sizes");
        // the whole chart fits: the pane shows it to its end, once (no text report above it)
        assertThat(pane).contains("8192-16383");
        assertThat(pane.split("allocation sites by count", -1))
                .as("the summary shows once")
                .hasSize(2);
        int top = rowOf(r, "ffffffff96b69a43");
        assertThat(row(top)).contains("ffffffff96b69a43  3");
        int[] longest = bar(r, top);
        assertThat(longest).isNotNull();
        // the largest value fills the line to the pane's right edge
        assertThat(longest[1]).isEqualTo(r.col() + r.cols() - 1);
        assertThat(vt.getCharacter(longest[0], top).getForegroundColor()).isEqualTo(BarChart.BAR_COLOR);
        int width = longest[1] - longest[0] + 1;
        for (int y = top + 1; y <= top + 4; y++) {
            int[] other = bar(r, y);
            assertThat(other).as(row(y)).isNotNull();
            assertThat(row(y)).contains("  1 ");
            // a third of the longest, to the cell (eighths round it)
            assertThat(other[1] - other[0] + 1).isBetween(width / 3, width / 3 + 1);
        }
        // commands: ls and cat with 2 objects each; the size histogram has a bar per bucket
        assertThat(row(rowOf(r, "commands by count") + 1)).containsPattern("cat +2  448 B   \u2588+");
        int sizes = rowOf(r, "object sizes");
        assertThat(row(sizes + 1).substring(r.col())).startsWith("  0 ");
        assertThat(bar(r, sizes + 1)).isNotNull();
        assertThat(rows(view.layout().console())).contains("console text");
        assertBarsOnlyIn(r);

        resize(80, 24);
        r = view.layout().results();
        assertThat(r.rows()).isLessThan(12);
        // small pane: the chart's head first
        assertThat(row(r.row() + 1)).contains("kmap current.kmap");
        top = rowOf(r, "ffffffff96b69a43");
        assertThat(bar(r, top)[1]).isEqualTo(79);
        assertThat(rows(r)).doesNotContain("object sizes");
        assertBarsOnlyIn(r);
        assertThat(rows(view.layout().console())).contains("console text");
        assertThat(row(22)).contains("vm off");
        assertThat(row(23)).startsWith("mzsh[off]>");

        // PgDn scrolls to the rest, PgUp above the chart to the text report
        for (int i = 0; i < 10 && find(r, "object sizes") < 0; i++) {
            view.handleKey(new KeyStroke(KeyType.PageDown));
            view.render();
        }
        assertThat(rows(r)).contains("object sizes");
        assertBarsOnlyIn(r);
        for (int i = 0; i < 20 && find(r, "mzsh> dump-kmap") < 0; i++) {
            view.handleKey(new KeyStroke(KeyType.PageUp));
            view.render();
        }
        assertThat(rows(r)).contains("mzsh> dump-kmap");
    }

    @Test
    void legacyKmapHasNoSlabCachesButExecutables() throws Exception {
        landKmap(summary("legacy.kmap"));
        resize(200, 50);
        Rect r = view.layout().results();
        assertThat(rows(r))
                .contains("oldest (8 fields, access pid second) format")
                .contains("executables by count")
                .contains("slab caches: none in the legacy format");
        int top = rowOf(r, "ffffffff9c969a43");
        assertThat(row(top)).contains("ffffffff9c969a43  2");
        assertThat(bar(r, top)[1]).isEqualTo(r.col() + r.cols() - 1);
        assertThat(bar(r, top + 1)).isNotNull();
        assertBarsOnlyIn(r);
    }

    @Test
    void batsRunIsATableAndColouredTestLines() throws Exception {
        BatsResults parsed = TapParser.parse("""
                1..5
                suite /mnt/mzsh/bats/tests/1-a-folder-with-a-rather-long-name-for-tests/a.bats
                ok 1 adds
                not ok 2 subtracts
                # (in test file a.bats, line 9)
                #   `[ "$out" = 1 ]' failed
                ok 3 later # skip not today
                suite /mnt/mzsh/bats/tests/2-y/b.bats
                ok 4 multiplies
                """);
        Path dir = tmp.resolve("run/bats");
        BatsRun run =
                new BatsRun(dir, dir.resolve("results.tap"), dir.resolve("junit.xml"), parsed, parsed.problems(), 1);
        results.begin("mzsh> run-bats");
        Runnable off = view.subscribe();
        try {
            assertThat(session.events().publish(run))
                    .as("drawn as a table: run-bats prints no text table")
                    .isTrue();
            assertThat(session.events().publish(new GuestStopped())).isFalse();
        } finally {
            off.run();
        }
        resize(200, 50);
        Rect r = view.layout().results();
        String pane = rows(r);
        assertThat(pane)
                .contains("BATS FAILED  4 tests, bats status 1")
                .containsPattern("file +tests  passed  failed  skipped")
                .containsPattern("a\\.bats +3 +1 +1 +1")
                .containsPattern("b\\.bats +1 +1 +0 +0")
                .containsPattern("total +4 +2 +1 +1")
                .contains("`[ \"$out\" = 1 ]' failed")
                .contains("junit: " + dir.resolve("junit.xml"))
                .doesNotContain("GuestStopped");
        int bad = find(r, "not ok 2 subtracts");
        int ok = find(r, "ok 1 adds");
        int skip = find(r, "skip 3 later (not today)");
        assertThat(vt.getCharacter(bad % 1000, bad / 1000).getForegroundColor()).isEqualTo(TextColor.ANSI.RED);
        assertThat(vt.getCharacter(ok % 1000, ok / 1000).getForegroundColor()).isEqualTo(TextColor.ANSI.GREEN);
        assertThat(vt.getCharacter(skip % 1000, skip / 1000).getForegroundColor())
                .isEqualTo(TextColor.ANSI.YELLOW);
        // the failed count of a.bats is red, b.bats's 0 is not
        String aRow = row(rowOf(r, "a.bats  "));
        int failedCol = aRow.indexOf(" 1  ", aRow.indexOf(" 1 ", aRow.indexOf(" 3 ") + 1) + 1) + 1;
        assertThat(vt.getCharacter(failedCol, rowOf(r, "a.bats  ")).getForegroundColor())
                .isEqualTo(TextColor.ANSI.RED);
        int problem = find(r, "problem: plan 1..5 but 4 tests reported");
        assertThat(problem).isGreaterThanOrEqualTo(0);
        assertThat(vt.getCharacter(problem % 1000, problem / 1000).getForegroundColor())
                .isEqualTo(TextColor.ANSI.RED);

        resize(80, 24);
        r = view.layout().results();
        assertThat(row(r.row() + 1)).contains("BATS FAILED");
        // the long file name gives way to the counts, keeping its end
        assertThat(rows(r))
                .containsPattern("a\\.bats +3 +1 +1 +1")
                .containsPattern("file +tests  passed  failed  skipped")
                .containsPattern("(?m)^\u2026[-a-z]+-for-tests/a\\.bats +3 +1 +1 +1 *$");
    }
}
