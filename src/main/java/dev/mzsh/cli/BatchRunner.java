package dev.mzsh.cli;

import dev.mzsh.commands.Script;
import dev.mzsh.commands.Shell;
import java.util.List;

/** -c, -f and piped stdin: the shell's {@link Script} rules (kept here for the entry point's callers). */
public final class BatchRunner {
    private BatchRunner() {}

    public static int run(Shell shell, Iterable<String> lines, boolean keepGoing) {
        return Script.run(shell, lines, keepGoing);
    }

    public static List<String> scriptLines(String text) {
        return Script.lines(text);
    }
}
