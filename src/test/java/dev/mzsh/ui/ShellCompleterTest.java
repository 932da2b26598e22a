package dev.mzsh.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mzsh.commands.Foreground;
import dev.mzsh.commands.Shell;
import dev.mzsh.commands.ShellContext;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.Parser;
import org.jline.reader.impl.DefaultParser;
import org.junit.jupiter.api.Test;

class ShellCompleterTest {
    private final Shell shell = new Shell(new ShellContext(null, System.out, System.err, System.err, Foreground.NONE));
    private final ShellCompleter completer = new ShellCompleter(shell);

    private List<String> complete(String line) {
        List<Candidate> c = new ArrayList<>();
        completer.complete(null, new DefaultParser().parse(line, line.length(), Parser.ParseContext.COMPLETE), c);
        return c.stream().map(Candidate::value).toList();
    }

    enum Mode {
        off,
        system,
        process
    }

    /** Stands for verbs the shell will grow (enable MODE, console on|off, record start FILE). */
    @picocli.CommandLine.Command(name = "demo")
    static final class Demo {
        static final class OnOff extends java.util.ArrayList<String> {
            OnOff() {
                super(List.of("on", "off"));
            }
        }

        @picocli.CommandLine.Option(names = "--mode")
        Mode mode;

        @picocli.CommandLine.Option(names = "--to", paramLabel = "FILE")
        java.nio.file.Path to;

        @picocli.CommandLine.Parameters(index = "0", completionCandidates = OnOff.class)
        String state;
    }

    @picocli.CommandLine.Command(name = "root")
    static final class Root {}

    private List<String> completeDemo(String line) {
        picocli.CommandLine root = new picocli.CommandLine(new Root()).addSubcommand("demo", new Demo());
        ShellCompleter demo = new ShellCompleter(root.getCommandSpec());
        List<Candidate> c = new ArrayList<>();
        org.jline.reader.LineReader reader =
                org.jline.reader.LineReaderBuilder.builder().build();
        demo.complete(reader, new DefaultParser().parse(line, line.length(), Parser.ParseContext.COMPLETE), c);
        return c.stream().map(Candidate::value).toList();
    }

    @Test
    void valuesComeFromThePicocliModel() throws Exception {
        assertThat(completeDemo("demo ")).containsExactlyInAnyOrder("on", "off");
        assertThat(completeDemo("demo -")).contains("--mode", "--to");
        assertThat(completeDemo("demo --mode ")).containsExactlyInAnyOrder("off", "system", "process");
        assertThat(completeDemo("demo --to " + System.getProperty("user.dir") + "/po"))
                .anyMatch(v -> v.endsWith("pom.xml"));
    }

    @Test
    void verbsThenOptionsThenValues() {
        assertThat(complete("")).containsAll(shell.verbs()).contains("exec", "help", "quit");
        assertThat(complete("help ")).containsAll(shell.verbs());
        assertThat(complete("exec --")).contains("--timeout");
        assertThat(complete("exec ")).contains("--timeout");
        assertThat(complete("exec ls ")).isEmpty();
        assertThat(complete("nosuch ")).isEmpty();
        assertThat(complete("record ")).containsExactlyInAnyOrder("start", "stop");
        assertThat(complete("stream-kmap ")).containsExactlyInAnyOrder("start", "stop");
        assertThat(complete("log-access ")).containsExactlyInAnyOrder("on", "off");
        assertThat(complete("")).as("aliases are not offered").doesNotContain("exit");
    }
}
