package dev.mzsh.cli;

import dev.mzsh.commands.ExitStatus;
import dev.mzsh.commands.Foreground;
import dev.mzsh.commands.Shell;
import dev.mzsh.commands.ShellContext;
import dev.mzsh.commands.ShellLine;
import dev.mzsh.commands.UsageException;
import dev.mzsh.host.Provisioner;
import dev.mzsh.machine.SshSettings;
import dev.mzsh.session.Installation;
import dev.mzsh.session.RunDirectory;
import dev.mzsh.session.Session;
import dev.mzsh.session.WarmUp;
import dev.mzsh.ui.Interactive;
import dev.mzsh.ui.TerminalSafeText;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/*
 * scope = INHERIT hands mixinStandardHelpOptions (and the version) to every subcommand at any depth, those
 * added later included: `mzsh kmap summary --help` works without each command asking for it.
 */
@Command(
        name = "mzsh",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        version = Main.VERSION,
        description = {
            "The Memorizer shell: boots a Memorizer (or stock + memorizer-sim) kernel in QEMU and drives it.",
            "Without -c or -f: an interactive shell on a terminal, or commands read from a pipe."
        },
        exitCodeListHeading = "%nExit status:%n")
public final class Main implements Callable<Integer>, VmlinuxSource {
    static final String VERSION = "mzsh 0.1";

    /**
     * The subcommands, by name, made only when needed: picocli reads every option of every
     * command it is given (the guest options are inherited by each), which cost about 40 ms
     * of start-up to run `mzsh kmap summary` (measured with the whole tree against kmap's).
     */
    static final List<String> SUBCOMMANDS =
            List.of("completion", "crash", "doctor", "initramfs", "kernel", "kmap", "setup", "snapshot");

    private static Object subcommand(String name) {
        return switch (name) {
            case "completion" -> new CompletionCommand();
            case "crash" -> new CrashCommand();
            case "doctor" -> new DoctorCommand();
            case "initramfs" -> new InitramfsCommand();
            case "kernel" -> new KernelCommand();
            case "kmap" -> new KmapCommand();
            case "setup" -> new SetupCommand();
            case "snapshot" -> new SnapshotCommand();
            default -> throw new IllegalArgumentException(name);
        };
    }

    @Option(names = "-c", paramLabel = "COMMANDS", description = "run these ';'-separated commands and exit")
    String commands;

    @Option(
            names = "-f",
            paramLabel = "SCRIPT",
            description = "run a script (one command per line, # comments; - is stdin)")
    Path script;

    @Option(names = "--keep-going", description = "run every command; exit with the first failure's status")
    boolean keepGoing;

    @Option(
            names = "--run-dir",
            paramLabel = "DIR",
            description = "put this run's files exactly in DIR (new or empty); default mzsh-runs/<timestamp>")
    Path runDir;

    @Option(names = "--plain", description = "interactively, the plain prompt instead of the split view")
    boolean plain;

    @Mixin
    GuestOptionsMixin guest = new GuestOptionsMixin();

    @Mixin
    TargetOptionsMixin target = new TargetOptionsMixin();

    public static void main(String[] args) {
        // Guest text (console tails, fault lines, guest stderr, TAP diagnostics) reaches stderr: none of it
        // may drive the terminal. stdout is left alone: batch stdout stays byte-exact.
        System.setErr(new PrintStream(
                TerminalSafeText.stream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.err), 1 << 13)),
                true,
                StandardCharsets.UTF_8));
        int status = commandLine(args).execute(args);
        System.out.flush();
        System.err.flush();
        System.exit(status);
    }

    /**
     * The entry point's picocli tree, with the shell's exit statuses and messages. When the
     * first argument names a subcommand only that one is in the tree; a batch run (-c or -f,
     * no subcommand named anywhere) has none, since building them costs a restored guest's
     * start about 0.1 s; otherwise (options first, help, a misspelt name) all are, so help
     * and picocli's suggestions list them.
     */
    static CommandLine commandLine(String... args) {
        PicocliStartup.skipUnusedWork();
        // kmap named first: a root without the guest options, which no analysis takes (see KmapRoot)
        CommandLine cl = new CommandLine(args.length > 0 && args[0].equals("kmap") ? new KmapRoot() : new Main());
        List<String> given = List.of(args);
        if (args.length > 0 && SUBCOMMANDS.contains(args[0])) {
            cl.addSubcommand(subcommand(args[0]));
            nested(cl.getSubcommands().get(args[0]), args.length > 1 ? args[1] : null);
        } else if ((given.contains("-c") || given.contains("-f"))
                && given.stream().noneMatch(SUBCOMMANDS::contains)
                && given.stream().noneMatch(a -> a.equals("-h") || a.equals("--help"))) {
            // a batch run: no subcommand to build
        } else {
            for (String name : SUBCOMMANDS) {
                cl.addSubcommand(subcommand(name));
                nested(cl.getSubcommands().get(name), null);
            }
        }
        everyCommand(cl, c -> {
            // the heading is inherited from Main's @Command; the table every command shares goes with it
            c.getCommandSpec().usageMessage().exitCodeList(ExitStatus.TABLE);
            c.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, new CommandList());
        });
        cl.setParameterExceptionHandler((e, a) -> {
            System.err.println("mzsh: " + ExitStatus.message(e, ""));
            return ExitStatus.USAGE;
        });
        cl.setExecutionExceptionHandler((e, c, p) -> {
            System.err.println("mzsh: " + ExitStatus.message(e, ""));
            return ExitStatus.of(e);
        });
        cl.setExitCodeExceptionMapper(new ExitStatus());
        return cl;
    }

    /**
     * The subcommands of {@code kmap}, added after it joined the tree so that they inherit Main's
     * options: only the one {@code named}, else (help, a misspelt name) all of them.
     */
    private static void nested(CommandLine command, String named) {
        if (command.getCommand() instanceof KmapCommand) {
            for (String name : KmapCommand.SUBCOMMANDS) {
                if (named == null || name.equals(named) || !KmapCommand.SUBCOMMANDS.contains(named)) {
                    command.addSubcommand(KmapCommand.subcommand(name));
                }
            }
        }
    }

    private static void everyCommand(CommandLine cl, Consumer<CommandLine> action) {
        action.accept(cl);
        for (CommandLine sub : cl.getSubcommands().values()) {
            everyCommand(sub, action);
        }
    }

    @Override
    public Path vmlinux() {
        return guest.vmlinux;
    }

    @Override
    public Integer call() throws IOException {
        if (commands != null && script != null) {
            throw new UsageException("give either -c or -f, not both");
        }
        var options = guest.toOptions();
        Optional<SshSettings> ssh = target.toSettings();
        if (ssh.isEmpty()) {
            WarmUp.begin(); // a QEMU guest boots soon: ready its first code on the other core meanwhile
        }
        Iterable<String> batch = batchLines();
        boolean interactive = batch == null;
        RunDirectory run;
        try {
            run = Session.newRunDirectory(Optional.ofNullable(runDir));
        } catch (IOException e) {
            throw new UsageException(
                    runDir != null
                            ? "--run-dir: " + e.getMessage()
                            : "cannot create a run directory under mzsh-runs/ here (" + e
                                    + "); cd somewhere writable or give --run-dir");
        }
        // As root, what the guest needs is installed now, not on the boot path
        if (ssh.isEmpty()) {
            Provisioner.provisionAsRoot(
                    options.kernel().isEmpty(), !options.sim().equals("off"), options.sshServer());
        }
        PrintStream err = System.err;
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        if (interactive) {
            return Interactive.run(plain, options, run, ssh);
        }
        try (Session session = new Session(Installation.detect(), options, run, err, ssh)) {
            session.discoverMemorizerOnDemand();
            ShellContext ctx = new ShellContext(session, out, err, err, Foreground.NONE);
            return BatchRunner.run(new Shell(ctx), batch, keepGoing);
        }
    }

    /** The commands of a batch run, or null for an interactive one. */
    private Iterable<String> batchLines() throws IOException {
        if (commands != null) {
            return ShellLine.splitCommands(commands);
        }
        if (script != null) {
            if (script.toString().equals("-")) {
                return stdinLines();
            }
            try {
                return BatchRunner.scriptLines(Files.readString(script, StandardCharsets.UTF_8));
            } catch (NoSuchFileException e) {
                throw new UsageException("-f " + script + ": no such file");
            }
        }
        return System.console() == null ? stdinLines() : null;
    }

    private static Iterable<String> stdinLines() {
        BufferedReader r = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        return () -> r.lines().iterator();
    }
}
