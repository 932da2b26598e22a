package dev.mzsh.commands;

import dev.mzsh.host.HostMissingException;
import dev.mzsh.memorizer.Control;
import dev.mzsh.memorizer.MemorizerException;
import dev.mzsh.memorizer.NoMemorizerException;
import dev.mzsh.memorizer.Switch;
import dev.mzsh.session.Guest;
import dev.mzsh.session.GuestFailedException;
import dev.mzsh.target.TargetGoneException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import picocli.CommandLine;

/**
 * The shell language: one picocli command per verb, shared by every front end,
 * script and recording. {@link #execute} runs one line and returns its exit
 * status (0 ok, 1 failed, 2 usage, 3 guest failure, 4 host lacks something).
 */
public final class Shell {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int GUEST_FAILED = 3;
    public static final int HOST_MISSING = 4;

    private final ShellContext ctx;
    private final Map<String, BiFunction<ShellContext, ShellLine, Callable<Integer>>> verbs = new LinkedHashMap<>();
    private boolean quitRequested;
    /** The scripts being sourced, innermost last (real paths): guards against a script sourcing itself. */
    private final java.util.ArrayDeque<java.nio.file.Path> sourcing = new java.util.ArrayDeque<>();

    public Shell(ShellContext ctx) {
        this.ctx = ctx;
        verbs.put("boot", (c, l) -> new BootCommand(c));
        verbs.put("exec", ExecCommand::new);
        verbs.put("status", (c, l) -> new StatusCommand(c));
        verbs.put("poweroff", (c, l) -> new PoweroffCommand(c));
        verbs.put("reboot", (c, l) -> new RebootCommand(c));
        verbs.put("enable", (c, l) -> new EnableCommand(c));
        verbs.put("disable", (c, l) -> new DisableCommand(c));
        for (Switch s : Switch.values()) {
            verbs.put(s.verb(), (c, l) -> new SwitchCommand(c, s));
        }
        verbs.put("clear-dead", (c, l) -> new ClearCommand(c, Control.CLEAR_DEAD, "clear-dead"));
        verbs.put("clear-printed", (c, l) -> new ClearCommand(c, Control.CLEAR_PRINTED, "clear-printed"));
        verbs.put("stats", (c, l) -> new StatsCommand(c));
        verbs.put("dump-kmap", (c, l) -> new DumpKmapCommand(c));
        verbs.put("stream-kmap", (c, l) -> new StreamKmapCommand(c));
        verbs.put("experiment", ExperimentCommand::new);
        verbs.put("gdb", (c, l) -> new GdbCommand(c));
        verbs.put("console", (c, l) -> new ConsoleCommand(c));
        verbs.put("record", (c, l) -> new RecordCommand(c));
        verbs.put("source", (c, l) -> new SourceCommand(this, c));
        verbs.put("run-bats", (c, l) -> new RunBatsCommand(c));
        verbs.put("help", (c, l) -> new HelpCommand(this, c));
        verbs.put("quit", (c, l) -> new QuitCommand(this));
    }

    public List<String> verbs() {
        return new ArrayList<>(verbs.keySet());
    }

    public boolean quitRequested() {
        return quitRequested;
    }

    void requestQuit() {
        quitRequested = true;
    }

    /** The picocli model of {@code verb} (options, parameters, their candidates) for completion; null when unknown. */
    public CommandLine.Model.CommandSpec commandSpec(String verb) {
        CommandLine cl = commandLine(verb, ShellLine.parse(verb));
        return cl == null ? null : cl.getCommandSpec();
    }

    /** A configured picocli command for {@code verb}, or null when there is no such verb. */
    CommandLine commandLine(String verb, ShellLine line) {
        String name = verb.equals("exit") ? "quit" : verb;
        BiFunction<ShellContext, ShellLine, Callable<Integer>> factory = verbs.get(name);
        if (factory == null) {
            return null;
        }
        Callable<Integer> command = factory.apply(ctx, line);
        CommandLine cl = new CommandLine(command);
        cl.setCommandName(name);
        // Verbs sharing one class get their own description.
        if (command instanceof SwitchCommand s) {
            cl.getCommandSpec().usageMessage().description(s.which().help());
        } else if (command instanceof ClearCommand c) {
            cl.getCommandSpec().usageMessage().description(ClearCommand.describe(c.control()));
        }
        // exec's command words are the guest's, never mzsh options.
        cl.setStopAtPositional(true);
        cl.setOut(new java.io.PrintWriter(ctx.report(), true));
        cl.setErr(new java.io.PrintWriter(ctx.err(), true));
        return cl;
    }

    /** Runs one line; blank lines and # comments succeed without effect. */
    public int execute(String text) {
        if (text.isBlank() || text.strip().startsWith("#")) {
            return OK;
        }
        ShellLine line;
        try {
            line = ShellLine.parse(text);
        } catch (UsageException e) {
            return fail(USAGE, e.getMessage());
        }
        if (line.isBlank()) {
            return OK;
        }
        CommandLine cl = commandLine(line.verb(), line);
        if (cl == null) {
            return fail(USAGE, "unknown command '" + line.verb() + "'; 'help' lists the verbs");
        }
        try {
            CommandLine.ParseResult parsed;
            try {
                parsed = cl.parseArgs(line.args().toArray(String[]::new));
            } finally {
                remember(text, cl.getCommand());
            }
            if (CommandLine.printHelpIfRequested(parsed)) {
                return OK;
            }
            Callable<Integer> cmd = cl.getCommand();
            Integer status = cmd.call();
            return status == null ? OK : status;
        } catch (CommandLine.ParameterException e) {
            return fail(USAGE, line.verb() + ": " + e.getMessage() + " ('help " + line.verb() + "' shows usage)");
        } catch (UsageException e) {
            return fail(USAGE, e.getMessage());
        } catch (CommandFailedException | MemorizerException e) {
            return fail(FAILED, e.getMessage());
        } catch (NoMemorizerException e) {
            return fail(HOST_MISSING, line.verb() + ": " + e.getMessage());
        } catch (HostMissingException e) {
            String fix = e.fix();
            return fail(HOST_MISSING, "the host lacks " + e.getMessage() + (fix.isEmpty() ? "" : "; fix: " + fix));
        } catch (GuestFailedException e) {
            return guestFailed(e.getMessage(), e.consoleTail());
        } catch (TargetGoneException e) {
            Guest g = ctx.session().currentGuest().orElse(null);
            if (g != null) {
                waitForExit(g);
                GuestFailedException f = ctx.session().failure(g, e.getMessage());
                return guestFailed(f.getMessage(), f.consoleTail());
            }
            return guestFailed(e.getMessage(), List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(FAILED, line.verb() + ": cancelled");
        } catch (IOException e) {
            return fail(FAILED, line.verb() + ": " + e.getMessage());
        } catch (Exception e) {
            return fail(FAILED, line.verb() + ": " + e);
        }
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
    int source(java.nio.file.Path script, List<String> lines) throws IOException {
        java.nio.file.Path real = script.toRealPath();
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

    private static void waitForExit(Guest g) {
        try {
            g.qemu().waitFor(3, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int guestFailed(String message, List<String> tail) {
        PrintStream err = ctx.err();
        err.println("mzsh: " + message);
        if (!tail.isEmpty()) {
            err.println("mzsh: last console lines (full log: " + ctx.session().run().file("console.log") + "):");
            for (String l : tail) {
                err.println("  | " + l);
            }
        }
        ctx.session().stopGuest();
        return GUEST_FAILED;
    }

    private int fail(int status, String message) {
        ctx.err().println("mzsh: " + message);
        return status;
    }
}
