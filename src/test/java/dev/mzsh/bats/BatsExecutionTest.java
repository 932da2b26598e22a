package dev.mzsh.bats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mzsh.machine.ExecResult;
import dev.mzsh.machine.TargetGoneException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a bats run ends, with a scripted target standing in for the guest (the real guest: RunBatsIT). */
class BatsExecutionTest {
    @TempDir
    Path dir;

    /** The guest's share (static: the scripted target below is a static record). */
    @TempDir
    static Path shareRoot;

    private final List<BatsRun> finished = new ArrayList<>();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    /** A target that prints {@code stdout} (in two chunks) and {@code err}, then ends as {@code end} says. */
    private static final class Scripted extends dev.mzsh.machine.FakeTarget {
        interface Ending {
            ExecResult end() throws IOException, InterruptedException;
        }

        private final String stdout;
        private final String err;
        private final Ending end;
        private final List<String> commands;

        Scripted(String stdout, String err, Ending end, List<String> commands) {
            super(new dev.mzsh.machine.SharedDirectory(shareRoot, "/mnt/mzsh"));
            this.stdout = stdout;
            this.err = err;
            this.end = end;
            this.commands = commands;
        }

        List<String> commands() {
            return commands;
        }

        @Override
        public ExecResult exec(String command, Duration timeout, OutputStream out, OutputStream errOut)
                throws IOException, InterruptedException {
            commands.add(command);
            byte[] b = stdout.getBytes(StandardCharsets.UTF_8);
            out.write(b, 0, b.length / 2);
            out.write(b, b.length / 2, b.length - b.length / 2);
            errOut.write(err.getBytes(StandardCharsets.UTF_8));
            return end.end();
        }
    }

    private BatsExecution execution() throws IOException {
        var shared = new dev.mzsh.machine.SharedDirectory(shareRoot, "/mnt/mzsh");
        var guestDir = new Scripted("", "", () -> null, List.of()).newDirectory("bats");
        return new BatsExecution(dir, guestDir, f -> f.replace("/mnt/mzsh/bats/tests/", ""), l -> {}, stderr);
    }

    @Test
    void aNormalRunFinishesBothFilesAndRunsBatsWithThePassThroughFormatter() throws Exception {
        List<String> commands = new ArrayList<>();
        Scripted t = new Scripted(
                "1..2\nsuite /mnt/mzsh/bats/tests/1-x/a.bat\nbegin 1 a\nok 1 a\nbegin 2 b\nnot ok 2 b\n# why\n",
                "",
                () -> new ExecResult(1, false),
                commands);

        BatsRun run = execution()
                .run(t, List.of("/mnt/mzsh/bats/tests/1-x/a.bat", "/it's here.bats"), Duration.ZERO, finished::add);

        assertThat(commands)
                .containsExactly("exec 'bats' --formatter '/mnt/mzsh/bats/.extended-tap' "
                        + "'/mnt/mzsh/bats/tests/1-x/a.bat' '/it'\\''s here.bats'\n");
        assertThat(Files.isExecutable(shareRoot.resolve("bats/.extended-tap"))).isTrue();
        assertThat(dir.resolve(".extended-tap"))
                .as("results stay out of the guest's share")
                .doesNotExist();
        assertThat(dir.resolve("results.tap")).hasContent("1..2\nok 1 a\nnot ok 2 b\n# why");
        assertThat(run.results().failed()).extracting(TapTest::file).containsExactly("1-x/a.bat");
        assertThat(run.problems()).isEmpty();
        assertThat(run.passed()).isFalse();
        assertThat(finished).containsExactly(run);
        assertThat(DocumentBuilderFactory.newInstance()
                        .newDocumentBuilder()
                        .parse(dir.resolve("junit.xml").toFile())
                        .getDocumentElement()
                        .getAttribute("failures"))
                .isEqualTo("1");
    }

    @Test
    void aTimeoutMarksTheTapFileAndIsAProblem() throws Exception {
        Scripted t = new Scripted(
                "1..2\nbegin 1 slow\nok 1 fast\nbegin 2 hang", "", () -> new ExecResult(137, true), new ArrayList<>());

        BatsRun run = execution().run(t, List.of("x.bats"), Duration.ofSeconds(5), finished::add);

        assertThat(Files.readAllLines(dir.resolve("results.tap")))
                .containsExactly("1..2", "ok 1 fast", "Bail out! mzsh: timed out after 5 s; bats was killed");
        assertThat(dir.resolve("results.tap.partial")).doesNotExist();
        assertThat(run.problems()).contains("plan 1..2 but 1 tests reported");
        assertThat(run.results().running())
                .hasValueSatisfying(s -> assertThat(s.name()).isEqualTo("hang"));
        assertThat(run.passed()).isFalse();
        assertThat(dir.resolve("junit.xml")).exists();
    }

    @Test
    void aLostGuestStillFinishesTheFilesThenTheExceptionGoesOn() throws Exception {
        Scripted t = new Scripted(
                "1..3\nok 1 a\nbegin 2 panics\n",
                "",
                () -> {
                    throw new TargetGoneException("guest kernel panic: sysrq");
                },
                new ArrayList<>());

        assertThatThrownBy(() -> execution().run(t, List.of("x.bat"), Duration.ZERO, finished::add))
                .isInstanceOf(TargetGoneException.class)
                .hasMessage("guest kernel panic: sysrq");

        assertThat(Files.readAllLines(dir.resolve("results.tap")))
                .containsExactly(
                        "1..3", "ok 1 a", "Bail out! mzsh: the guest failed during the run: guest kernel panic: sysrq");
        assertThat(finished).singleElement().satisfies(r -> {
            assertThat(r.results().running()).isPresent();
            assertThat(r.batsStatus()).isEqualTo(-1);
        });
        assertThat(Files.readString(dir.resolve("junit.xml"))).contains("was running");
    }

    @Test
    void aCancelledRunIsMarkedAndTheInterruptGoesOn() throws Exception {
        Scripted t = new Scripted(
                "1..2\nok 1 a\n",
                "",
                () -> {
                    throw new InterruptedException();
                },
                new ArrayList<>());

        assertThatThrownBy(() -> execution().run(t, List.of("x.bat"), Duration.ZERO, finished::add))
                .isInstanceOf(InterruptedException.class);
        assertThat(Files.readAllLines(dir.resolve("results.tap")))
                .endsWith("Bail out! mzsh: cancelled; bats was killed");
        assertThat(finished).hasSize(1);
    }

    @Test
    void batsFailingWithoutTapIsReportedWithItsOwnMessage() throws Exception {
        Scripted t = new Scripted(
                "", "Error: Test file \"/x.bats\" does not exist\n", () -> new ExecResult(1, false), new ArrayList<>());

        BatsRun run = execution().run(t, List.of("/x.bats"), Duration.ZERO, finished::add);

        assertThat(run.problems())
                .containsExactly(
                        "no TAP plan (1..N) in the output; 0 tests reported",
                        "bats exited with status 1: Error: Test file \"/x.bats\" does not exist");
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("does not exist");
        assertThat(run.passed()).isFalse();
    }
}
