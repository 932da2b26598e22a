package dev.mzsh.commands;

import dev.mzsh.machine.TargetGoneException;
import dev.mzsh.session.Guest;
import dev.mzsh.session.GuestFailedException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The shell language: {@link Verbs}, one picocli command tree shared by every
 * front end, script and recording. {@link #execute} runs one line and returns its
 * exit status ({@link ExitStatus}).
 */
public final class Shell {
    private final ShellContext ctx;
    private boolean quitRequested;
    /** The scripts being sourced, innermost last (real paths): guards against a script sourcing itself. */
    private final ArrayDeque<Path> sourcing = new ArrayDeque<>();
    /** The tree for help and completion, built once, when first asked for. */
    private CommandSpec model;

    public Shell(ShellContext ctx) {
        this.ctx = ctx;
    }

    /** The verbs, in help's order, without aliases. */
    public List<String> verbs() {
        return model().subcommands().entrySet().stream()
                .filter(e -> e.getKey().equals(e.getValue().getCommandSpec().name()))
                .map(e -> e.getKey())
                .toList();
    }

    /** The whole command tree (verbs as subcommands, their options and candidates), for completion. */
    public synchronized CommandSpec model() {
        if (model == null) {
            model = tree(ShellLine.parse("")).getCommandSpec();
        }
        return model;
    }

    public boolean quitRequested() {
        return quitRequested;
    }

    void requestQuit() {
        quitRequested = true;
    }

    private CommandLine tree(ShellLine line) {
        try {
            CommandLine root = Verbs.commandLine(this, ctx, line);
            if (ctx != null) {
                root.setOut(new PrintWriter(ctx.report(), true));
                root.setErr(new PrintWriter(ctx.err(), true));
            }
            return root;
        } catch (Exception e) {
            throw new IllegalStateException("the verbs' picocli model does not build", e);
        }
    }

    /** Runs one line; blank lines and # comments succeed without effect. */
    public int execute(String text) {
        if (text.isBlank() || text.strip().startsWith("#")) {
            return ExitStatus.OK;
        }
        ShellLine line;
        try {
            line = ShellLine.parse(text);
        } catch (UsageException e) {
            return fail(ExitStatus.USAGE, e.getMessage());
        }
        if (line.isBlank()) {
            return ExitStatus.OK;
        }
        CommandLine root = tree(line);
        if (!root.getSubcommands().containsKey(line.verb())) {
            return fail(ExitStatus.USAGE, "unknown command '" + line.verb() + "'; 'help' lists the verbs");
        }
        String verb = line.verb();
        try {
            CommandLine.ParseResult parsed;
            try {
                parsed = root.parseArgs(line.words().toArray(String[]::new));
            } catch (CommandLine.ParameterException e) {
                remember(text, e.getCommandLine().getCommand());
                throw e;
            }
            List<CommandLine> chain = parsed.asCommandLineList();
            CommandLine leaf = chain.get(chain.size() - 1);
            verb = qualifiedName(leaf);
            remember(text, leaf.getCommand());
            if (!(leaf.getCommand() instanceof Callable<?> cmd)) {
                throw new CommandLine.ParameterException(
                        leaf,
                        "Missing subcommand: give one of "
                                + String.join(", ", leaf.getSubcommands().keySet()));
            }
            if (Thread.interrupted()) {
                // cancelled while the line was being parsed: before the verb touches the guest's channels
                throw new InterruptedException();
            }
            Object status = cmd.call();
            return status instanceof Integer i ? i : ExitStatus.OK;
        } catch (CommandLine.ParameterException e) {
            String name = qualifiedName(e.getCommandLine());
            return fail(ExitStatus.USAGE, ExitStatus.message(withChoices(e), name.isEmpty() ? verb : name));
        } catch (GuestFailedException e) {
            return guestFailed(e.getMessage(), e.consoleTail());
        } catch (TargetGoneException e) {
            Guest g = ctx.session().currentGuest().orElse(null);
            if (g != null) {
                g.awaitExit(Duration.ofSeconds(3));
                GuestFailedException f = ctx.session().failure(g, e.getMessage());
                return guestFailed(f.getMessage(), f.consoleTail());
            }
            return guestFailed(e.getMessage(), List.of());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return fail(ExitStatus.of(e), ExitStatus.message(e, verb));
        }
    }

    /** "stream-kmap go": picocli names the stray word; the user also needs the words it takes. */
    private static CommandLine.ParameterException withChoices(CommandLine.ParameterException e) {
        CommandLine cl = e.getCommandLine();
        if (e instanceof CommandLine.UnmatchedArgumentException
                && !cl.getSubcommands().isEmpty()) {
            return new CommandLine.ParameterException(
                    cl,
                    e.getMessage() + "; expected one of " + cl.getSubcommands().keySet());
        }
        return e;
    }

    /** "record start" for the subcommand, "" for the root. */
    private static String qualifiedName(CommandLine cl) {
        String q = cl.getCommandSpec().qualifiedName(" ");
        String root = cl.getCommandSpec().root().name();
        return q.equals(root) ? "" : q.substring(root.length() + 1);
    }

    /**
     * Writes a line the user entered to the transcript and to a recording in progress;
     * lines run by {@code source} are not written (the source line already was).
     */
    private void remember(String text, Object command) {
        if (!sourcing.isEmpty() || (command instanceof Unreplayable u && !u.replayable())) {
            return;
        }
        ctx.session().transcript().command(text);
        ctx.session().recording().ifPresent(r -> {
            try {
                r.command(text);
            } catch (IOException e) {
                ctx.err().println("mzsh: recording " + r.file() + ": " + e.getMessage());
            }
        });
    }

    /**
     * Runs {@code lines} of {@code script} with the -f rules: the first failure stops
     * it with its status.
     *
     * @throws UsageException when the script is already being sourced (it would never end)
     */
    int source(Path script, List<String> lines) throws IOException {
        Path real = script.toRealPath();
        if (sourcing.contains(real)) {
            throw new UsageException("source: " + script + " is already being sourced (a script that sources "
                    + "itself would never end)");
        }
        sourcing.addLast(real);
        try {
            return Script.run(this, lines, false);
        } finally {
            sourcing.removeLast();
        }
    }

    private int guestFailed(String message, List<String> tail) {
        PrintStream err = ctx.err();
        err.println("mzsh: " + message);
        if (!tail.isEmpty()) {
            err.println(
                    "mzsh: last console lines (full log: " + ctx.session().run().consoleLog() + "):");
            for (String l : tail) {
                err.println("  | " + l);
            }
        }
        ctx.session().stopCrashedGuest(err);
        return ExitStatus.GUEST_FAILED;
    }

    private int fail(int status, String message) {
        ctx.err().println("mzsh: " + message);
        return status;
    }
}
