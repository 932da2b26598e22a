package dev.mzsh.commands;

import dev.mzsh.machine.ExecResult;
import dev.mzsh.memorizer.Memorizer;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "exec",
        header = "Run CMD in the guest with sh -c; the rest of the line goes to the guest verbatim.",
        description = {
            "Fails (status 1) when CMD exits non-zero or times out; a timeout kills CMD's whole process group.",
            "A Memorizer mode armed by 'enable 2|3' is written first by CMD's own shell, so CMD is traced."
        })
public final class ExecCommand extends Verb {
    @Option(names = "--timeout", paramLabel = "S", description = "kill CMD after S seconds (default: no limit)")
    long timeoutSeconds;

    @Parameters(arity = "1..*", paramLabel = "CMD", description = "the shell command line for the guest")
    List<String> words;

    @Override
    public Integer call() throws Exception {
        if (timeoutSeconds < 0) {
            throw new UsageException("exec: --timeout must be 0 (no limit) or more seconds");
        }
        // Words before CMD were options; everything from CMD's first word on is raw text.
        String command = line.rawFrom(line.words().size() - words.size());
        var target = ctx.session().target();
        // A mode armed by 'enable 2|3' is written by this command's own shell, which then runs it.
        String armed =
                ctx.session().knownMemorizer().map(Memorizer::takeArmedPrefix).orElse("");
        ExecResult r = target.exec(armed + command, Duration.ofSeconds(timeoutSeconds), ctx.out(), ctx.err());
        if (r.timedOut()) {
            throw new CommandFailedException("exec: timed out after " + timeoutSeconds
                    + " s; killed the command's process group"
                    + (target.share().isPresent() ? " in the guest" : " on " + target.describe()) + ": " + command);
        }
        if (r.status() != 0) {
            throw new CommandFailedException("exec: exit status " + r.status() + ": " + command);
        }
        return 0;
    }
}
