package dev.mzsh.e2e;

import static dev.mzsh.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive front ends as a user sees them: the real ./mzsh in a detached
 * tmux session, keys sent with send-keys, the screen read with capture-pane.
 */
class InteractiveTmuxIT {
    private static final Duration BOOT = Duration.ofSeconds(120);
    private final String socket = "mzsh-it-" + ProcessHandle.current().pid();

    @TempDir
    Path work;

    @AfterEach
    void killServer() throws Exception {
        tmux("kill-server");
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return p.exitValue() == 0 ? out : null;
    }

    private void start(String name, int cols, int rows, String env, String... options) throws Exception {
        Path run = work.resolve(name);
        String command = env + " " + Mzsh.REPO.resolve("mzsh") + " " + String.join(" ", options) + " --run-dir " + run
                + "; sleep 1";
        assertThat(tmux(
                        "new-session",
                        "-d",
                        "-s",
                        name,
                        "-x",
                        String.valueOf(cols),
                        "-y",
                        String.valueOf(rows),
                        "-c",
                        work.toString(),
                        command))
                .isNotNull();
    }

    private String screen(String name) throws Exception {
        String s = tmux("capture-pane", "-p", "-t", name);
        return s == null ? "" : s;
    }

    private String waitFor(String name, String what, Predicate<String> ok, Duration timeout) throws Exception {
        return eventually(timeout, what, () -> screenNow(name), ok);
    }

    private String screenNow(String name) {
        try {
            return screen(name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean sessionGone(String name) {
        try {
            return tmux("has-session", "-t", name) == null;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void waitForEnd(String name) throws Exception {
        eventually(Duration.ofSeconds(30), "mzsh to leave after quit", () -> sessionGone(name));
        assertThat(Mzsh.qemuProcesses(work.resolve(name).toString())).isEmpty();
    }

    @Test
    void splitViewAt200x50() throws Exception {
        splitView("wide", 200, 50);
    }

    @Test
    void splitViewAt80x24() throws Exception {
        splitView("narrow", 80, 24);
    }

    private void splitView(String name, int cols, int rows) throws Exception {
        start(name, cols, rows, "TERM=xterm-256color");
        String s = waitFor(
                name,
                "the booted guest in the split view",
                t -> t.contains("vm running")
                        && t.contains("BusyBox")
                        && t.contains("mzsh[running mode=0]>")
                        && t.contains("| idle |"),
                BOOT); // idle: the boot command has returned
        List<String> lines = s.lines().toList();
        assertThat(lines).hasSize(rows);
        assertThat(lines.get(0)).contains("guest console");
        assertThat(s).contains("results").contains("accel ").contains("run " + name);
        assertThat(lines.get(rows - 2)).contains("vm running");
        assertThat(lines.get(rows - 1)).startsWith("mzsh[running mode=0]>");
        if (cols >= 120) {
            assertThat(s).contains("memorizer newest mode 0");
        }

        tmux("send-keys", "-t", name, "exec echo hi-from-guest", "Enter");
        // the output line itself (not the echoed command), alone on its row of the results pane
        Pattern output = Pattern.compile("(?m)(^|\u2502)hi-from-guest\\s*$");
        s = waitFor(
                name,
                "the command's output in the results pane",
                t -> output.matcher(t).find(),
                Duration.ofSeconds(60));
        assertThat(s).contains("mzsh> exec echo hi-from-guest");

        // a kmap summary is drawn as bar charts in the results pane, opened at its header
        waitFor(name, "the echo command's end", t -> t.contains("| idle |"), Duration.ofSeconds(30));
        tmux("send-keys", "-t", name, "experiment -- ls -l /", "Enter");
        Pattern bar = Pattern.compile("(?m)(^|\u2502)  \\S+ +[0-9,]+  [^\u2502]*\u2588");
        s = waitFor(
                name,
                "the kmap bar chart in the results pane",
                t -> t.contains("allocation sites by count") && bar.matcher(t).find(),
                Duration.ofSeconds(120));
        assertThat(s)
                .containsPattern("(?m)(^|\u2502)kmap kmap-\\d+\\.kmap +\\S.*\\(11 fields")
                .containsPattern("objects [1-9][0-9,]*  live");
        assertThat(s.lines().toList().get(rows - 1)).startsWith("mzsh[running mode=0]>");

        // run-bats results: the per-file table first, the failing test as a "not ok" row
        Path tests = Files.createDirectories(work.resolve("bats-" + name));
        Files.writeString(tests.resolve("t.bats"), """
                @test "passes" {
                    true
                }

                @test "fails on purpose" {
                    [ 1 -eq 2 ]
                }
                """);
        waitFor(name, "the experiment's end", t -> t.contains("| idle |"), Duration.ofSeconds(60));
        tmux("send-keys", "-t", name, "run-bats " + tests, "Enter");
        // until the table's rows are drawn too, and on a tall screen the rows below it: the terminal may
        // be caught halfway through a refresh (a CI run read the screen with the table drawn, the rest not yet)
        Pattern tableRow = Pattern.compile("t\\.bats +2 +1 +1 +0");
        Pattern lastRow = Pattern.compile("(?m)\u2502not ok 2 fails on purpose *$");
        s = waitFor(
                name,
                "the BATS table in the results pane",
                t -> t.contains("BATS FAILED")
                        && tableRow.matcher(t).find()
                        && (rows < 50 || lastRow.matcher(t).find() && t.contains("junit: ")),
                Duration.ofSeconds(120));
        assertThat(s).containsPattern("file +tests  passed  failed  skipped").containsPattern("t\\.bats +2 +1 +1 +0");
        if (rows >= 50) {
            assertThat(s)
                    .containsPattern("(?m)\u2502ok 1 passes *$")
                    .containsPattern("(?m)\u2502not ok 2 fails on purpose *$")
                    .contains("junit: ");
        }

        waitFor(name, "the run-bats end", t -> t.contains("| idle |"), Duration.ofSeconds(60));
        // F2 gives the keyboard to the guest console, Ctrl-] takes it back
        tmux("send-keys", "-t", name, "F2");
        waitFor(
                name,
                "the console pane's keyboard title",
                t -> t.contains("keyboard to the guest"),
                Duration.ofSeconds(10));
        tmux("send-keys", "-t", name, "echo typed-$((6*7))", "Enter");
        waitFor(
                name,
                "the guest shell's answer in the console pane",
                t -> t.contains("typed-42"),
                Duration.ofSeconds(30));
        tmux("send-keys", "-t", name, "C-]");
        waitFor(
                name,
                "the keyboard back on the command line",
                t -> !t.contains("keyboard to the guest"),
                Duration.ofSeconds(10));

        // Ctrl-C cancels a running command; the view stays usable meanwhile. Typed once the guest
        // command has printed: exec then waits on it (a cancel during its setup is another case)
        tmux("send-keys", "-t", name, "exec echo sleeping; sleep 100", "Enter");
        Pattern sleeping = Pattern.compile("(?m)(^|\u2502)sleeping\\s*$");
        waitFor(
                name,
                "the running command's first output",
                t -> sleeping.matcher(t).find(),
                Duration.ofSeconds(30));
        tmux("send-keys", "-t", name, "C-c");
        s = waitFor(
                name,
                "the cancelled command",
                t -> t.contains("exec: cancelled") && t.contains("| idle |") && t.contains("[exit status 1]"),
                Duration.ofSeconds(20));
        assertThat(s).contains("[exit status 1]");

        // enable: the prompt and the status bar show the mode read back from the kernel
        tmux("send-keys", "-t", name, "enable", "Enter");
        waitFor(
                name,
                "mode 1 in the prompt and status bar",
                t -> t.contains("mzsh[running mode=1]>")
                        && (cols < 120 || t.contains("memorizer newest mode 1"))
                        && t.contains("| idle |"),
                Duration.ofSeconds(30));

        // gdb takes a pane with the keyboard; leaving it leaves the guest running
        tmux("send-keys", "-t", name, "gdb", "Enter");
        waitFor(name, "gdb's prompt", t -> t.contains("(gdb)"), Duration.ofSeconds(60));
        tmux("send-keys", "-t", name, "info registers rip", "Enter");
        waitFor(
                name,
                "rip",
                t -> Pattern.compile("rip\\s+0x[0-9a-f]+").matcher(t).find(),
                Duration.ofSeconds(30));
        tmux("send-keys", "-t", name, "continue", "Enter");
        waitFor(name, "the guest continuing", t -> t.contains("Continuing."), Duration.ofSeconds(30));
        tmux("send-keys", "-t", name, "C-c");
        waitFor(name, "gdb stopping the guest", t -> t.contains("SIGINT"), Duration.ofSeconds(30));
        tmux("send-keys", "-t", name, "quit", "Enter");
        waitFor(name, "gdb's quit question", t -> t.contains("(y or n)"), Duration.ofSeconds(30));
        tmux("send-keys", "-t", name, "y", "Enter");
        waitFor(name, "back in mzsh", t -> !t.contains("(gdb)") && t.contains("| idle |"), Duration.ofSeconds(30));
        tmux("send-keys", "-t", name, "exec echo alive-after-gdb", "Enter");
        Pattern alive = Pattern.compile("(?m)(^|\u2502)alive-after-gdb\\s*$");
        waitFor(name, "the guest answering after gdb", t -> alive.matcher(t).find(), Duration.ofSeconds(60));

        tmux("send-keys", "-t", name, "quit", "Enter");
        waitForEnd(name);
    }

    /**
     * Type-ahead as a person (or a paste) does it: three lines at once, the last two typed
     * while the first runs. Both run, in order, and the queue shows in the status bar meanwhile.
     */
    @Test
    void splitViewRunsTypedAheadLinesInOrder() throws Exception {
        String name = "ahead";
        start(name, 120, 40, "TERM=xterm-256color");
        waitFor(
                name,
                "the booted guest in the split view",
                t -> t.contains("vm running") && t.contains("| idle |"),
                BOOT);
        tmux("send-keys", "-t", name, "exec sleep 3", "Enter", "exec echo second", "Enter", "exec echo third", "Enter");
        waitFor(
                name,
                "the queue in the status bar",
                t -> t.contains("running: exec sleep 3") && t.contains("queued 2: exec echo second; exec echo third"),
                Duration.ofSeconds(30));
        Pattern second = Pattern.compile("(?m)^second\\s*$");
        Pattern third = Pattern.compile("(?m)^third\\s*$");
        String s = waitFor(
                name,
                "both queued commands' output",
                t -> second.matcher(t).find() && third.matcher(t).find() && t.contains("| idle |"),
                Duration.ofSeconds(90));
        // one section for the batch, in the order typed: nothing lost, nothing reordered
        List<String> lines = s.lines().map(String::strip).toList();
        int sleep = lines.indexOf("mzsh> exec sleep 3");
        int secondHeader = lines.indexOf("mzsh> exec echo second");
        int thirdHeader = lines.indexOf("mzsh> exec echo third");
        assertThat(sleep).as("the first command's header\n" + s).isNotNegative();
        assertThat(List.of(sleep, secondHeader, lines.indexOf("second"), thirdHeader, lines.indexOf("third")))
                .as(s)
                .isSorted()
                .doesNotHaveDuplicates();
        assertThat(s).doesNotContain("still running").doesNotContain("queued");
        tmux("send-keys", "-t", name, "quit", "Enter");
        waitForEnd(name);
    }

    /** The plain prompt reads what the terminal buffered while a command ran, in order. */
    @Test
    void plainPromptKeepsTypedAheadLines() throws Exception {
        String name = "plainahead";
        start(name, 120, 40, "TERM=xterm-256color", "--plain");
        waitFor(name, "the plain prompt", t -> t.contains("mzsh[running mode=0]>"), BOOT);
        tmux("send-keys", "-t", name, "exec sleep 3", "Enter", "exec echo second", "Enter", "exec echo third", "Enter");
        Pattern second = Pattern.compile("(?m)^second\\s*$");
        Pattern third = Pattern.compile("(?m)^third\\s*$");
        String s = waitFor(
                name,
                "both typed-ahead commands' output",
                t -> second.matcher(t).find() && third.matcher(t).find(),
                Duration.ofSeconds(90));
        List<String> lines = s.lines().map(String::strip).toList();
        assertThat(lines.indexOf("second")).as(s).isNotNegative().isLessThan(lines.indexOf("third"));
        tmux("send-keys", "-t", name, "quit", "Enter");
        waitForEnd(name);
    }

    @Test
    void dumbTerminalGetsThePlainPrompt() throws Exception {
        start("dumb", 120, 40, "TERM=dumb");
        waitFor(name(), "the plain prompt", t -> t.contains("mzsh[running mode=0]>"), BOOT);
        String s = screen(name());
        assertThat(s).doesNotContain("guest console").doesNotContain("vm running |");
        tmux("send-keys", "-t", name(), "exec uname -r", "Enter");
        Pattern release = Pattern.compile("(?m)^\\d+\\.\\d+\\.\\d+\\S*\\s*$");
        waitFor(name(), "uname -r output", t -> release.matcher(t).find(), Duration.ofSeconds(60));
        tmux("send-keys", "-t", name(), "quit", "Enter");
        waitForEnd(name());
    }

    @Test
    void plainPromptEchoesTheConsoleAndCompletes() throws Exception {
        String name = "plain";
        start(name, 120, 40, "TERM=xterm-256color", "--plain");
        waitFor(name, "the plain prompt", t -> t.contains("mzsh[running mode=0]>"), BOOT);
        assertThat(screen(name)).doesNotContain("guest console");
        // what the guest prints on its console shows above the prompt; 42 is computed by the guest
        tmux("send-keys", "-t", name, "exec echo console-line-$((6*7)) > /dev/ttyS0", "Enter");
        waitFor(
                name,
                "the console line above the prompt",
                t -> t.lines().anyMatch(l -> l.contains("console-line-42") && !l.contains("mzsh[")),
                Duration.ofSeconds(60));
        // the guest shell's cursor-position query (ESC[6n) must not reach the host terminal,
        // whose answer would land on mzsh's prompt
        assertThat(screen(name)).doesNotContainPattern("\\[\\d+;\\d+R");
        tmux("send-keys", "-t", name, "hel", "Tab");
        // (capture-pane drops the space completion appends)
        waitFor(
                name,
                "the completed verb",
                t -> t.lines().anyMatch(l -> l.strip().equals("mzsh[running mode=0]> help")),
                Duration.ofSeconds(10));
        tmux("send-keys", "-t", name, "C-u", "quit", "Enter");
        waitForEnd(name);
    }

    /**
     * The kernel's own gdb helpers in the gdb pane, on the shared build of Debian's
     * linux-source-6.1 ({@link TestKernel}): gdb loaded its vmlinux-gdb.py.
     */
    @Test
    void gdbOnABuiltKernelHasTheKernelsLxHelpers() throws Exception {
        String name = "lx";
        Path dir = TestKernel.buildDir();
        String release =
                Files.readString(dir.resolve("include/config/kernel.release")).strip();
        start(name, 200, 50, "TERM=xterm-256color", "--kernel-build", dir.toString());
        waitFor(name, "the booted built kernel", t -> t.contains("vm running") && t.contains("| idle |"), BOOT);
        tmux("send-keys", "-t", name, "gdb", "Enter");
        waitFor(name, "gdb's prompt", t -> t.contains("(gdb)"), Duration.ofSeconds(60));
        tmux("send-keys", "-t", name, "set pagination off", "Enter");
        // As a user would: the kernel log in the pane. The console pane shows boot messages
        // too, so what is checked is picked out of lx-dmesg's own output by a pipe: the typed
        // line shows "\\1", only the command's output the release.
        tmux("send-keys", "-t", name, "lx-dmesg", "Enter");
        tmux(
                "send-keys",
                "-t",
                name,
                "-l",
                "pipe lx-dmesg | sed -n 's/.*Linux version \\([^ ]*\\).*/dmesg-release=\\1/p'");
        tmux("send-keys", "-t", name, "Enter");
        waitFor(name, "the release from lx-dmesg", t -> t.contains("dmesg-release=" + release), Duration.ofSeconds(60));
        tmux("send-keys", "-t", name, "lx-ps", "Enter");
        tmux("send-keys", "-t", name, "-l", "pipe lx-ps | sed -n 's/.*\\(mzsh-agent\\).*/ps-lists-\\1/p'");
        tmux("send-keys", "-t", name, "Enter");
        waitFor(name, "the agent in lx-ps", t -> t.contains("ps-lists-mzsh-agent"), Duration.ofSeconds(60));
        tmux("send-keys", "-t", name, "quit", "Enter");
        waitFor(name, "gdb's quit question", t -> t.contains("(y or n)"), Duration.ofSeconds(30));
        tmux("send-keys", "-t", name, "y", "Enter");
        waitFor(name, "back in mzsh", t -> !t.contains("(gdb)") && t.contains("| idle |"), Duration.ofSeconds(30));
        tmux("send-keys", "-t", name, "quit", "Enter");
        waitForEnd(name);
    }

    /**
     * A crash as a person meets it in the split view: the panic ends the command with status 3
     * and a dump in the run directory, the shell stays, and {@code vmcore} opens that dump in
     * the gdb pane, where {@code bt} shows the panicking task's frames and lx-dmesg the panic.
     * On the shared debug build ({@link TestKernel}), whose vmlinux has the symbols.
     */
    @Test
    void vmcoreVerbOpensTheCrashDumpInTheGdbPane() throws Exception {
        String name = "vmcore";
        Path dir = TestKernel.buildDir();
        Path run = work.resolve(name);
        start(name, 200, 50, "TERM=xterm-256color", "--kernel-build", dir.toString());
        waitFor(name, "the booted built kernel", t -> t.contains("vm running") && t.contains("| idle |"), BOOT);
        tmux("send-keys", "-t", name, "exec echo c > /proc/sysrq-trigger", "Enter");
        String s = waitFor(
                name,
                "the crash dump's closing message and the shell back",
                t -> t.contains("[exit status 3]") && t.contains("| idle |") && t.contains("mzsh[off]>"),
                Duration.ofSeconds(120));
        assertThat(s).contains("crash dump in");
        assertThat(run.resolve("vmcore")).isRegularFile();
        assertThat(Mzsh.qemuProcesses(run.toString()))
                .as("QEMU ended after its dump")
                .isEmpty();

        tmux("send-keys", "-t", name, "vmcore", "Enter");
        waitFor(name, "gdb's prompt in the gdb pane", t -> t.contains("(gdb)"), Duration.ofSeconds(60));
        tmux("send-keys", "-t", name, "set pagination off", "Enter");
        // the innermost 8 frames: the whole trace (20 frames, most on 2-3 rows) scrolls out of the pane
        tmux("send-keys", "-t", name, "bt 8", "Enter");
        // gdb's frame lines ("#5  0x... in sysrq_handle_crash (key=..."), not the console pane's
        // "sysrq_handle_crash+0x10/0x10" from the kernel's own trace
        Pattern frame = Pattern.compile("#\\d+ +0x[0-9a-f]+ in sysrq_handle_crash \\(");
        Pattern panic = Pattern.compile("#\\d+ +0x[0-9a-f]+ in panic \\(");
        waitFor(
                name,
                "bt's frames in the gdb pane",
                t -> frame.matcher(t).find() && panic.matcher(t).find(),
                Duration.ofSeconds(60));
        // the panic line picked out of lx-dmesg's own output: the typed line shows "\\1"
        tmux(
                "send-keys",
                "-t",
                name,
                "-l",
                "pipe lx-dmesg | sed -n 's/.*\\(not syncing: sysrq triggered crash\\).*/dmesg-says-\\1/p'");
        tmux("send-keys", "-t", name, "Enter");
        waitFor(
                name,
                "the panic line from lx-dmesg",
                t -> t.contains("dmesg-says-not syncing: sysrq triggered crash"),
                Duration.ofSeconds(60));
        tmux("send-keys", "-t", name, "quit", "Enter");
        waitFor(name, "back in mzsh", t -> !t.contains("(gdb)") && t.contains("| idle |"), Duration.ofSeconds(30));
        tmux("send-keys", "-t", name, "quit", "Enter");
        waitForEnd(name);
    }

    /**
     * The same on Debian's stock kernel, which has no debug info: gdb still opens the dump, its own
     * last line (the gdb pane covers the results pane) says what is missing and how to get it, and
     * bt shows the frames as bare addresses.
     */
    @Test
    void vmcoreVerbOnTheStockKernelSaysWhatDebugInfoIsMissing() throws Exception {
        String name = "vmcorestock";
        Path run = work.resolve(name);
        start(name, 200, 50, "TERM=xterm-256color");
        waitFor(name, "the booted guest", t -> t.contains("vm running") && t.contains("| idle |"), BOOT);
        tmux("send-keys", "-t", name, "exec echo c > /proc/sysrq-trigger", "Enter");
        waitFor(
                name,
                "the crash dump and the shell back",
                t -> t.contains("[exit status 3]") && t.contains("| idle |") && t.contains("mzsh[off]>"),
                Duration.ofSeconds(120));
        assertThat(run.resolve("vmcore")).isRegularFile();

        tmux("send-keys", "-t", name, "vmcore", "Enter");
        String s = waitFor(
                name,
                "gdb's prompt after the missing-symbols line",
                t -> t.contains("gdb - keyboard here") && t.contains("(gdb)") && t.contains("mzsh: no vmlinux with"),
                Duration.ofSeconds(60));
        assertThat(rightPaneJoined(s))
                .contains("kernel-configs/debug.config", "apt-get install linux-image-", "or give --vmlinux FILE")
                .containsPattern("linux-image-\\S+-dbg");
        tmux("send-keys", "-t", name, "bt 8", "Enter");
        Pattern bare = Pattern.compile("(?m)#1 +0x[0-9a-f]+ in \\?\\? \\(\\)");
        waitFor(name, "bt's bare frames", t -> bare.matcher(t).find(), Duration.ofSeconds(60));
        tmux("send-keys", "-t", name, "quit", "Enter");
        waitFor(name, "back in mzsh", t -> !t.contains("(gdb)") && t.contains("| idle |"), Duration.ofSeconds(30));
        tmux("send-keys", "-t", name, "quit", "Enter");
        waitForEnd(name);
    }

    /** The right-hand pane's rows joined as one text: the pane wraps long lines at any character. */
    private static String rightPaneJoined(String screen) {
        StringBuilder b = new StringBuilder();
        for (String l : screen.lines().toList()) {
            int bar = l.lastIndexOf('\u2502');
            if (bar >= 0) {
                b.append(l.substring(bar + 1));
            }
        }
        return b.toString();
    }

    private static String name() {
        return "dumb";
    }
}
