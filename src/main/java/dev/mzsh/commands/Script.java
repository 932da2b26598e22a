package dev.mzsh.commands;

import java.util.List;

/**
 * Runs commands one after another, as -c, -f, piped stdin and {@code source} do.
 * The first failure stops the run unless keepGoing; a guest failure (3) or a
 * missing host tool (4) always stops it. The status is the first failure's.
 */
public final class Script {
    private Script() {}

    public static int run(Shell shell, Iterable<String> lines, boolean keepGoing) {
        int first = ExitStatus.OK;
        for (String line : lines) {
            int status = shell.execute(line);
            if (status != ExitStatus.OK && first == ExitStatus.OK) {
                first = status;
            }
            boolean fatal = status == ExitStatus.GUEST_FAILED || status == ExitStatus.HOST_MISSING;
            if ((status != ExitStatus.OK && (!keepGoing || fatal)) || shell.quitRequested()) {
                break;
            }
        }
        return first;
    }

    /** Script lines: everything, blank lines and # comments included (the shell skips them). */
    public static List<String> lines(String text) {
        return text.lines().toList();
    }
}
