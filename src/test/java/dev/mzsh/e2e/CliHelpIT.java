package dev.mzsh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher explains itself: nested --help, usage errors that name it, bash completion (no guest). */
class CliHelpIT {
    @TempDir
    Path work;

    @Test
    void nestedHelpExitsZeroAndAUsageErrorNamesIt() throws Exception {
        Mzsh.Result help = Mzsh.run(work, "kmap", "summary", "--help");
        assertThat(help.status()).as(help.stderr()).isZero();
        assertThat(help.out()).startsWith("Usage: mzsh kmap summary").contains("--top=N", "(default: 10)");

        Mzsh.Result wrong = Mzsh.run(work, "kernel", "build", "--no-such");
        assertThat(wrong.status()).isEqualTo(2);
        assertThat(wrong.stderr()).contains("(mzsh kernel build --help shows the options)");
    }

    @Test
    void bashCompletesWithTheScriptMzshPrints() throws Exception {
        Mzsh.Result r = Mzsh.run(work, "completion", "bash");
        assertThat(r.status()).as(r.stderr()).isZero();
        Path script = Files.write(work.resolve("mzsh.bash"), r.stdout());
        assertThat(complete(script, "mzsh", "kernel", "b")).endsWith("build");
        assertThat(complete(script, "mzsh", "--si")).endsWith("--sim");
    }

    private static List<String> complete(Path script, String... words) throws Exception {
        Path helper =
                Path.of(CliHelpIT.class.getResource("/completion/complete.bash").toURI());
        ProcessBuilder b = new ProcessBuilder("bash", helper.toString(), script.toString());
        b.command().addAll(List.of(words));
        Process p = b.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().toList();
    }
}
