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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run-bats's checks that happen before any guest boots. */
class RunBatsCommandTest {
    @TempDir
    Path dir;

    private int run(String line, ByteArrayOutputStream err, Session[] sessionOut) throws Exception {
        GuestOptions options = GuestOptions.defaults();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        try (Session s = new Session(
                new Installation(dir, dir.resolve("cache")),
                options,
                RunDirectory.exactly(dir.resolve("run")),
                errStream)) {
            sessionOut[0] = s;
            Shell shell = new Shell(new ShellContext(s, new ByteArrayOutputStream(), errStream, errStream, null));
            int status = shell.execute(line);
            assertThat(s.currentGuest())
                    .as("no guest may boot for a usage error")
                    .isEmpty();
            return status;
        }
    }

    @Test
    void aMissingPathIsAOneLineUsageErrorNamingIt() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = run("run-bats " + dir.resolve("no-such-dir"), err, new Session[1]);

        assertThat(status).isEqualTo(ExitStatus.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8).strip().lines())
                .singleElement()
                .asString()
                .isEqualTo("mzsh: run-bats: no such test file or folder: " + dir.resolve("no-such-dir"));
        assertThat(dir.resolve("run/bats")).doesNotExist();
    }

    @Test
    void aFolderWithoutTestsIsAUsageError() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(empty.resolve("README"), "");
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        assertThat(run("run-bats " + empty, err, new Session[1])).isEqualTo(ExitStatus.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("holds no test files");
    }

    @Test
    void resultsDirectoriesAreNeverReused() throws Exception {
        Path run = Files.createDirectories(dir.resolve("r"));
        assertThat(RunBatsCommand.newResultsDir(run)).isEqualTo(run.resolve("bats"));
        assertThat(RunBatsCommand.newResultsDir(run)).isEqualTo(run.resolve("bats-2"));
    }

    @Test
    void helpExplainsDefaultsFilesAndExitStatuses() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(run("help run-bats", err, new Session[1])).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("/usr/share/mzsh/bats-tests", "bats/results.tap", "bats/junit.xml", "Exit status", ".bat");
    }
}
