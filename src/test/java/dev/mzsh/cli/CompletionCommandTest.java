package dev.mzsh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The script of `mzsh completion bash`, run by a real bash the way its programmable completion runs it. */
class CompletionCommandTest {
    @TempDir
    static Path dir;

    static Path script;

    @BeforeAll
    static void generate() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine("completion", "bash");
        cl.setOut(new PrintWriter(out));
        assertThat(cl.execute("completion", "bash")).isZero();
        script = Files.writeString(dir.resolve("mzsh.bash"), out.toString());
    }

    /** `complete -p mzsh`'s line, then the candidates for the last word of {@code words}. */
    static List<String> complete(String... words) throws Exception {
        Path helper = Path.of(CompletionCommandTest.class
                .getResource("/completion/complete.bash")
                .toURI());
        List<String> cmd = new ArrayList<>(List.of("bash", helper.toString(), script.toString()));
        cmd.addAll(List.of(words));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().toList();
    }

    @Test
    void bashRegistersTheScriptsFunctionForMzsh() throws Exception {
        assertThat(complete("mzsh", "").get(0))
                .startsWith("complete ")
                .contains(" -F ")
                .endsWith(" mzsh");
    }

    @Test
    void nestedSubcommandsAndGlobalOptionsComplete() throws Exception {
        assertThat(complete("mzsh", "kernel", "b")).endsWith("build");
        assertThat(complete("mzsh", "--si")).endsWith("--sim");
        assertThat(complete("mzsh", "kmap", "s")).endsWith("summary");
        assertThat(complete("mzsh", "kmap", "summary", "--to")).endsWith("--top");
    }

    /** kmap commands take --vmlinux, not the guest options (KmapRoot); the other subcommands still get those. */
    @Test
    void kmapCommandsOfferTheOptionsTheyTakeOnly() throws Exception {
        List<String> access = complete("mzsh", "kmap", "access", "--");
        assertThat(access).contains("--csv", "--top", "--vmlinux", "--help").doesNotContain("--kernel", "--sim");
        assertThat(complete("mzsh", "kmap", "summary", "--"))
                .contains("--vmlinux")
                .doesNotContain("--cold");
        assertThat(complete("mzsh", "kmap", "--")).contains("--vmlinux").doesNotContain("--kernel");
        assertThat(complete("mzsh", "snapshot", "--")).contains("--kernel", "--sim");
    }

    @Test
    void valuesOfFixedChoicesComplete() throws Exception {
        assertThat(complete("mzsh", "--sim", "ne")).endsWith("newest");
        assertThat(complete("mzsh", "completion", "z")).endsWith("zsh");
    }

    @Test
    void everySubcommandIsOffered() throws Exception {
        List<String> lines = complete("mzsh", "");
        assertThat(lines.subList(1, lines.size())).containsAll(Main.SUBCOMMANDS);
    }

    @Test
    void anUnknownShellIsAUsageError() {
        CommandLine cl = Main.commandLine("completion", "fish");
        cl.setErr(new PrintWriter(new StringWriter()));
        assertThat(cl.execute("completion", "fish")).isEqualTo(2);
    }
}
