package dev.mzsh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** record, replay with -f, and source, through the real ./mzsh and a real guest. */
class RecordIT {
    @TempDir
    Path work;

    private static List<String> commands(Path script) throws Exception {
        return Files.readAllLines(script).stream()
                .filter(l -> !l.startsWith("#") && !l.isBlank())
                .toList();
    }

    @Test
    void aRecordingReplaysTheSameCommandsWithTheSameStatus() throws Exception {
        Mzsh.Result rec = Mzsh.run(
                work,
                "--run-dir",
                work.resolve("run1").toString(),
                "-c",
                "record start R; exec true; exec echo x; record stop");
        assertThat(rec.status()).as(rec.stderr()).isZero();
        assertThat(rec.out()).isEqualTo("x\n");
        assertThat(rec.stderr()).contains("recorded 2 commands in R");
        assertThat(commands(work.resolve("R"))).containsExactly("exec true", "exec echo x");

        Mzsh.Result replay = Mzsh.run(work, "--run-dir", work.resolve("run2").toString(), "-f", "R");
        assertThat(replay.status()).as(replay.stderr()).isZero();
        assertThat(replay.out()).isEqualTo("x\n");
        assertThat(commands(work.resolve("run2/transcript.mzsh"))).containsExactly("exec true", "exec echo x");
    }

    @Test
    void aRecordingWhoseLastCommandFailsReplaysWithThatStatus() throws Exception {
        // Never stopped: the session's end closes the recording, every line already written.
        Mzsh.Result rec = Mzsh.run(work, "-c", "record start F; exec echo a; exec sh -c 'exit 5'");
        assertThat(rec.status()).isEqualTo(1);
        assertThat(commands(work.resolve("F"))).containsExactly("exec echo a", "exec sh -c 'exit 5'");

        Mzsh.Result replay = Mzsh.run(work, "-f", "F");
        assertThat(replay.status()).isEqualTo(1);
        assertThat(replay.out()).isEqualTo("a\n");
        assertThat(replay.stderr()).contains("exec: exit status 5");

        Mzsh.Result again = Mzsh.run(work, "-c", "record start F; exec true");
        assertThat(again.status()).as("F exists and is kept").isEqualTo(2);
        assertThat(commands(work.resolve("F"))).containsExactly("exec echo a", "exec sh -c 'exit 5'");
    }

    @Test
    void sourceInDashCRunsTheScriptAndItsFailureStopsTheRest() throws Exception {
        Files.writeString(work.resolve("S"), "# a script\nexec echo from-script\n\nexec false\nexec echo never\n");
        Mzsh.Result r = Mzsh.run(work, "-c", "exec echo before; source S; exec echo after");
        assertThat(r.status()).as(r.stderr()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("before\nfrom-script\n");

        Files.writeString(work.resolve("T"), "exec echo in-t\n");
        Mzsh.Result ok = Mzsh.run(work, "-c", "source T; exec echo after");
        assertThat(ok.status()).as(ok.stderr()).isZero();
        assertThat(ok.out()).isEqualTo("in-t\nafter\n");
    }
}
