package dev.mzsh.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mzsh.session.Session;
import dev.mzsh.testing.InProcessShell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** record and source with verbs that need no guest (status, help, console on|off). */
class RecordAndSourceTest {
    @TempDir
    Path dir;

    private InProcessShell fixture;
    private Session session;
    private Shell shell;

    @BeforeEach
    void setUp() throws Exception {
        fixture = InProcessShell.withoutGuest(dir);
        session = fixture.session();
        shell = fixture.shell();
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    private List<String> commands(Path script) throws Exception {
        return Files.readAllLines(script).stream()
                .filter(l -> !l.startsWith("#"))
                .toList();
    }

    @Test
    void aRecordingHoldsTheCommandsEnteredButNotTheRecordCommands() throws Exception {
        Path r = dir.resolve("r.mzsh");
        assertThat(shell.execute("record start " + r)).isZero();
        assertThat(shell.execute("status")).isZero();
        assertThat(shell.execute("console off")).isZero();
        assertThat(shell.execute("help   status")).isZero();
        assertThat(commands(r))
                .as("each line is flushed at once")
                .containsExactly("status", "console off", "help   status");
        assertThat(shell.execute("record stop")).isZero();
        assertThat(commands(r)).containsExactly("status", "console off", "help   status");
        assertThat(fixture.err()).contains("recorded 3 commands in " + r);
        assertThat(session.consoleEcho()).isFalse();
    }

    @Test
    void terminalVerbsStayOutOfRecordingsAndTheTranscript() throws Exception {
        Path r = dir.resolve("r.mzsh");
        shell.execute("record start " + r);
        assertThat(shell.execute("gdb")).isEqualTo(ExitStatus.USAGE);
        assertThat(shell.execute("console")).isEqualTo(ExitStatus.USAGE);
        shell.execute("console on");
        shell.execute("record stop");
        assertThat(commands(r)).containsExactly("console on");
        assertThat(commands(dir.resolve("run/transcript.mzsh"))).containsExactly("console on");
    }

    @Test
    void anExistingFileIsNeverOverwritten() throws Exception {
        Path r = Files.writeString(dir.resolve("keep.mzsh"), "precious\n");
        assertThat(shell.execute("record start " + r)).isEqualTo(ExitStatus.USAGE);
        assertThat(r).hasContent("precious");
        assertThat(fixture.err()).contains(r + " exists");
        assertThat(session.recording()).isEmpty();
    }

    @Test
    void recordMisuseIsAUsageError() {
        assertThat(shell.execute("record stop")).isEqualTo(ExitStatus.USAGE);
        assertThat(shell.execute("record start")).isEqualTo(ExitStatus.USAGE);
        assertThat(shell.execute("record pause")).isEqualTo(ExitStatus.USAGE);
        assertThat(shell.execute("record start " + dir.resolve("no/such/dir/r.mzsh")))
                .isEqualTo(ExitStatus.USAGE);
        assertThat(shell.execute("record start " + dir.resolve("a.mzsh"))).isZero();
        assertThat(shell.execute("record start " + dir.resolve("b.mzsh"))).isEqualTo(ExitStatus.USAGE);
        assertThat(dir.resolve("b.mzsh")).doesNotExist();
    }

    @Test
    void sourceRunsAScriptAndStopsAtTheFirstFailureWithItsStatus() throws Exception {
        Path s = Files.writeString(dir.resolve("s.mzsh"), "# comment\n\nconsole off\nfrobnicate\nconsole on\n");
        assertThat(shell.execute("source " + s)).isEqualTo(ExitStatus.USAGE);
        assertThat(session.consoleEcho())
                .as("the line after the failure did not run")
                .isFalse();
        assertThat(commands(dir.resolve("run/transcript.mzsh"))).containsExactly("source " + s);
    }

    @Test
    void aScriptThatSourcesItselfIsRefused() throws Exception {
        Path a = dir.resolve("a.mzsh");
        Path b = dir.resolve("b.mzsh");
        Files.writeString(a, "console off\nsource " + b + "\nconsole on\n");
        Files.writeString(b, "source " + a + "\n");
        assertThat(shell.execute("source " + a)).isEqualTo(ExitStatus.USAGE);
        assertThat(fixture.err()).contains(a + " is already being sourced");
        assertThat(session.consoleEcho()).isFalse();
        // The guard is per nesting, not per session: the same script may run again afterwards.
        Files.writeString(a, "console on\n");
        assertThat(shell.execute("source " + a)).isZero();
        assertThat(session.consoleEcho()).isTrue();
    }

    @Test
    void sourcingAMissingFileIsAUsageError() {
        assertThat(shell.execute("source " + dir.resolve("nope.mzsh"))).isEqualTo(ExitStatus.USAGE);
        assertThat(fixture.err()).contains("no such file");
    }
}
