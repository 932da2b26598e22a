package dev.mzsh.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mzsh.session.GuestOptions;
import dev.mzsh.session.Installation;
import dev.mzsh.session.RunDirectory;
import dev.mzsh.session.Session;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** record and source with verbs that need no guest (status, help, console on|off). */
class RecordAndSourceTest {
    @TempDir
    Path dir;

    private Session session;
    private Shell shell;
    private final ByteArrayOutputStream messages = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws Exception {
        GuestOptions options = new GuestOptions(Optional.empty(), Optional.empty(), "", Optional.empty(), 1, "current",
                Duration.ofSeconds(5), List.of(), Optional.empty());
        PrintStream p = new PrintStream(messages, true, StandardCharsets.UTF_8);
        session = new Session(new Installation(dir, dir.resolve("cache")), options,
                RunDirectory.exactly(dir.resolve("run")), p);
        shell = new Shell(new ShellContext(session, new ByteArrayOutputStream(), p, p, Foreground.NONE));
    }

    @AfterEach
    void tearDown() throws Exception {
        session.close();
    }

    private List<String> commands(Path script) throws Exception {
        return Files.readAllLines(script).stream().filter(l -> !l.startsWith("#")).toList();
    }

    @Test
    void aRecordingHoldsTheCommandsEnteredButNotTheRecordCommands() throws Exception {
        Path r = dir.resolve("r.mzsh");
        assertThat(shell.execute("record start " + r)).isZero();
        assertThat(shell.execute("status")).isZero();
        assertThat(shell.execute("console off")).isZero();
        assertThat(shell.execute("help   status")).isZero();
        assertThat(commands(r)).as("each line is flushed at once").containsExactly("status", "console off", "help   status");
        assertThat(shell.execute("record stop")).isZero();
        assertThat(commands(r)).containsExactly("status", "console off", "help   status");
        assertThat(messages.toString(StandardCharsets.UTF_8)).contains("recorded 3 commands in " + r);
        assertThat(session.consoleEcho()).isFalse();
    }

    @Test
    void terminalVerbsStayOutOfRecordingsAndTheTranscript() throws Exception {
        Path r = dir.resolve("r.mzsh");
        shell.execute("record start " + r);
        assertThat(shell.execute("gdb")).isEqualTo(Shell.USAGE);
        assertThat(shell.execute("console")).isEqualTo(Shell.USAGE);
        shell.execute("console on");
        shell.execute("record stop");
        assertThat(commands(r)).containsExactly("console on");
        assertThat(commands(dir.resolve("run/transcript.mzsh"))).containsExactly("console on");
    }

    @Test
    void anExistingFileIsNeverOverwritten() throws Exception {
        Path r = Files.writeString(dir.resolve("keep.mzsh"), "precious\n");
        assertThat(shell.execute("record start " + r)).isEqualTo(Shell.USAGE);
        assertThat(r).hasContent("precious");
        assertThat(messages.toString(StandardCharsets.UTF_8)).contains(r + " exists");
        assertThat(session.recording()).isEmpty();
    }

    @Test
    void recordMisuseIsAUsageError() {
        assertThat(shell.execute("record stop")).isEqualTo(Shell.USAGE);
        assertThat(shell.execute("record start")).isEqualTo(Shell.USAGE);
        assertThat(shell.execute("record pause")).isEqualTo(Shell.USAGE);
        assertThat(shell.execute("record start " + dir.resolve("no/such/dir/r.mzsh"))).isEqualTo(Shell.USAGE);
        assertThat(shell.execute("record start " + dir.resolve("a.mzsh"))).isZero();
        assertThat(shell.execute("record start " + dir.resolve("b.mzsh"))).isEqualTo(Shell.USAGE);
        assertThat(dir.resolve("b.mzsh")).doesNotExist();
    }

    @Test
    void sourceRunsAScriptAndStopsAtTheFirstFailureWithItsStatus() throws Exception {
        Path s = Files.writeString(dir.resolve("s.mzsh"), "# comment\n\nconsole off\nfrobnicate\nconsole on\n");
        assertThat(shell.execute("source " + s)).isEqualTo(Shell.USAGE);
        assertThat(session.consoleEcho()).as("the line after the failure did not run").isFalse();
        assertThat(commands(dir.resolve("run/transcript.mzsh"))).containsExactly("source " + s);
    }

    @Test
    void aScriptThatSourcesItselfIsRefused() throws Exception {
        Path a = dir.resolve("a.mzsh");
        Path b = dir.resolve("b.mzsh");
        Files.writeString(a, "console off\nsource " + b + "\nconsole on\n");
        Files.writeString(b, "source " + a + "\n");
        assertThat(shell.execute("source " + a)).isEqualTo(Shell.USAGE);
        assertThat(messages.toString(StandardCharsets.UTF_8)).contains(a + " is already being sourced");
        assertThat(session.consoleEcho()).isFalse();
        // The guard is per nesting, not per session: the same script may run again afterwards.
        Files.writeString(a, "console on\n");
        assertThat(shell.execute("source " + a)).isZero();
        assertThat(session.consoleEcho()).isTrue();
    }

    @Test
    void sourcingAMissingFileIsAUsageError() {
        assertThat(shell.execute("source " + dir.resolve("nope.mzsh"))).isEqualTo(Shell.USAGE);
        assertThat(messages.toString(StandardCharsets.UTF_8)).contains("no such file");
    }
}
