package dev.mzsh.ui.split;

import static dev.mzsh.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import dev.mzsh.commands.Shell;
import dev.mzsh.commands.ShellContext;
import dev.mzsh.session.GuestOptions;
import dev.mzsh.session.Installation;
import dev.mzsh.session.RunDirectory;
import dev.mzsh.session.Session;
import dev.mzsh.ui.CommandRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Type-ahead in the split view, keys fed as a person types them: lines entered while a
 * command runs are queued, shown in the status bar, and run next in order; Ctrl-C cancels,
 * a second Ctrl-C drops the queue. Stand-in commands ("wait X" blocks until the test
 * releases it, "echo X" prints X) run on the view's real runner; other lines go to the shell.
 */
class SplitViewTypeAheadTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);

    @TempDir
    Path tmp;

    private Session session;
    private ResultsLog results;
    private SplitView view;
    private DefaultVirtualTerminal vt;
    private TerminalScreen screen;
    private Shell shell;
    private final List<String> started = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<String, CountDownLatch> gates = new ConcurrentHashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        results = new ResultsLog();
        session = new Session(
                Installation.detect(),
                GuestOptions.defaults(),
                RunDirectory.exactly(tmp.resolve("run")),
                results.printStream());
        SplitForeground foreground = new SplitForeground();
        ShellContext ctx =
                new ShellContext(session, results.stream(), results.printStream(), results.printStream(), foreground);
        shell = new Shell(ctx);
        CommandRunner runner = new CommandRunner(this::execute, shell::quitRequested);
        view = new SplitView(shell, runner, session, results, foreground, tmp.resolve("history"));
        vt = new DefaultVirtualTerminal(new TerminalSize(100, 24));
        screen = new TerminalScreen(vt);
        screen.startScreen();
        view.show(screen);
    }

    @AfterEach
    void tearDown() throws Exception {
        gates.values().forEach(CountDownLatch::countDown);
        screen.stopScreen();
        session.close();
    }

    private int execute(String line) {
        started.add(line);
        if (line.startsWith("wait ")) {
            try {
                gates.computeIfAbsent(line, l -> new CountDownLatch(1)).await();
            } catch (InterruptedException e) {
                results.printStream().println(line + " cancelled");
                return 1;
            }
            return 0;
        }
        if (line.startsWith("echo ")) {
            results.printStream().println(line.substring(5));
            return 0;
        }
        return shell.execute(line);
    }

    private void release(String line) {
        gates.computeIfAbsent(line, l -> new CountDownLatch(1)).countDown();
    }

    private void type(String line) {
        for (char c : line.toCharArray()) {
            view.handleKey(new KeyStroke(c, false, false));
        }
        view.handleKey(new KeyStroke(KeyType.Enter));
    }

    private void ctrlC() {
        view.handleKey(new KeyStroke('c', true, false));
    }

    private String row(int r) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < vt.getTerminalSize().getColumns(); c++) {
            sb.append(vt.getCharacter(c, r).getCharacterString());
        }
        return sb.toString();
    }

    private String statusBar() throws Exception {
        view.render();
        return row(view.layout().status().row());
    }

    private void awaitStarted(String line) throws InterruptedException {
        eventually(LIMIT, "'" + line + "' to start", () -> started.contains(line));
    }

    private void awaitIdle() throws InterruptedException {
        eventually(LIMIT, "the view to go idle", () -> !view.busy());
    }

    @Test
    void linesTypedWhileOneRunsAreQueuedShownAndRunInOrder() throws Exception {
        type("wait first");
        awaitStarted("wait first");
        type("echo second");
        type("echo third");
        // nothing typed is lost: the command line is free again, the queue shows in the status bar
        view.render();
        assertThat(row(view.layout().command().row()).strip()).isEqualTo("mzsh[off]>");
        assertThat(statusBar()).contains("running: wait first").contains("queued 2: echo second; echo third");
        assertThat(results.lines()).noneMatch(l -> l.contains("still running"));
        assertThat(started).containsExactly("wait first");

        release("wait first");
        awaitIdle();
        assertThat(started).containsExactly("wait first", "echo second", "echo third");
        // the batch's output stays together, in order, in the results pane
        assertThat(results.lines())
                .containsSubsequence("mzsh> wait first", "mzsh> echo second", "second", "mzsh> echo third", "third");
        assertThat(statusBar()).contains("idle").doesNotContain("queued");
    }

    @Test
    void aLineTypedWhenIdleStartsANewResultsSection() throws Exception {
        type("echo one");
        awaitIdle();
        type("echo two");
        awaitIdle();
        assertThat(results.lines()).contains("mzsh> echo two", "two").doesNotContain("one");
    }

    @Test
    void ctrlCCancelsTheRunningCommandAndTheQueueRunsNext() throws Exception {
        type("wait a");
        awaitStarted("wait a");
        type("wait b");
        type("echo c");
        ctrlC();
        awaitStarted("wait b");
        assertThat(results.lines())
                .contains("wait a cancelled")
                .anyMatch(l -> l.contains("^C") && l.contains("Ctrl-C again drops them"));
        assertThat(statusBar()).contains("running: wait b").contains("queued 1: echo c");
        release("wait b");
        awaitIdle();
        assertThat(started).containsExactly("wait a", "wait b", "echo c");
        assertThat(results.lines()).containsSubsequence("mzsh> wait b", "mzsh> echo c", "c");
    }

    @Test
    void aSecondCtrlCDropsTheQueue() throws Exception {
        type("wait a");
        awaitStarted("wait a");
        type("wait b");
        type("echo c");
        type("echo d");
        ctrlC();
        awaitStarted("wait b");
        ctrlC();
        awaitIdle();
        assertThat(started).containsExactly("wait a", "wait b");
        assertThat(results.lines())
                .anyMatch(l -> l.contains("dropped 2 queued: echo c; echo d"))
                .contains("wait b cancelled");
        assertThat(statusBar()).contains("idle").doesNotContain("queued");
    }

    @Test
    void ctrlCWhenIdleClearsTheLine() throws Exception {
        for (char c : "half typed".toCharArray()) {
            view.handleKey(new KeyStroke(c, false, false));
        }
        ctrlC();
        view.render();
        assertThat(row(view.layout().command().row()).strip()).isEqualTo("mzsh[off]>");
        assertThat(started).isEmpty();
    }
}
