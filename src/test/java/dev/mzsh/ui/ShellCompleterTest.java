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

    @Test
    void verbsThenOptionsThenValues() {
        assertThat(complete("")).containsAll(shell.verbs()).contains("exec", "help", "quit");
        assertThat(complete("help ")).containsAll(shell.verbs());
        assertThat(complete("exec --")).contains("--timeout");
        assertThat(complete("exec ")).contains("--timeout");
        assertThat(complete("exec ls ")).isEmpty();
        assertThat(complete("nosuch ")).isEmpty();
    }
}
