package dev.mzsh.commands;

import dev.mzsh.memorizer.Switch;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The shell language as one picocli command: every verb is a subcommand, in the
 * order help lists them. Switch and clear verbs share a class each and are added
 * once per value of their enum.
 */
@Command(name = "mzsh")
final class Verbs {
    private static final List<Class<?>> FIRST = List.of(
            BootCommand.class,
            ExecCommand.class,
            StatusCommand.class,
            PoweroffCommand.class,
            RebootCommand.class,
            EnableCommand.class,
            DisableCommand.class);
    private static final List<Class<?>> LAST = List.of(
            StatsCommand.class,
            DumpKmapCommand.class,
            StreamKmapCommand.class,
            ExperimentCommand.class,
            GdbCommand.class,
            VmcoreCommand.class,
            ConsoleCommand.class,
            RecordCommand.class,
            SourceCommand.class,
            RunBatsCommand.class,
            HelpCommand.class,
            QuitCommand.class);

    private Verbs() {}

    /** A fresh command tree for one line (picocli keeps parsed values in the verb objects). */
    static CommandLine commandLine(Shell shell, ShellContext ctx, ShellLine line) throws Exception {
        VerbFactory factory = new VerbFactory(shell, ctx, line);
        CommandLine root = new CommandLine(new Verbs(), factory);
        for (Class<?> c : FIRST) {
            root.addSubcommand(new CommandLine(factory.create(c), factory));
        }
        for (Switch s : Switch.values()) {
            add(root, SwitchCommand.verb(s), SwitchCommand.help(s), new SwitchCommand(ctx, s), factory);
        }
        for (ClearCommand.Kind k : ClearCommand.Kind.values()) {
            add(root, k.verb, k.help, new ClearCommand(ctx, k), factory);
        }
        for (Class<?> c : LAST) {
            root.addSubcommand(new CommandLine(factory.create(c), factory));
        }
        // exec's command words are the guest's, never mzsh options (applies to every verb added above).
        root.setStopAtPositional(true);
        return root;
    }

    private static void add(CommandLine root, String verb, String header, Object command, VerbFactory factory) {
        CommandLine cl = new CommandLine(command, factory);
        cl.setCommandName(verb);
        cl.getCommandSpec().usageMessage().header(header);
        root.addSubcommand(verb, cl);
    }
}
