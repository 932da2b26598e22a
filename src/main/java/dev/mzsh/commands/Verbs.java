package dev.mzsh.commands;

import dev.mzsh.memorizer.Switch;
import java.util.Arrays;
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

    /**
     * A fresh command tree for one line (picocli keeps parsed values in the verb objects). A
     * line that names a verb gets that verb alone (building every verb cost a restored guest's
     * start about 0.1 s of a cold JVM, and each line of a script as much); help, a blank line
     * and an unknown word get them all.
     */
    static CommandLine commandLine(Shell shell, ShellContext ctx, ShellLine line) throws Exception {
        VerbFactory factory = new VerbFactory(shell, ctx, line);
        CommandLine root = new CommandLine(new Verbs(), factory);
        String named = line.isBlank() ? "" : line.verb();
        boolean all = named.equals(HELP) || !isVerb(named);
        for (Class<?> c : FIRST) {
            if (all || names(c, named)) {
                root.addSubcommand(new CommandLine(factory.create(c), factory));
            }
        }
        for (Switch s : Switch.values()) {
            if (all || SwitchCommand.verb(s).equals(named)) {
                add(root, SwitchCommand.verb(s), SwitchCommand.help(s), new SwitchCommand(ctx, s), factory);
            }
        }
        for (ClearCommand.Kind k : ClearCommand.Kind.values()) {
            if (all || k.verb.equals(named)) {
                add(root, k.verb, k.help, new ClearCommand(ctx, k), factory);
            }
        }
        for (Class<?> c : LAST) {
            if (all || names(c, named)) {
                root.addSubcommand(new CommandLine(factory.create(c), factory));
            }
        }
        // exec's command words are the guest's, never mzsh options (applies to every verb added above).
        root.setStopAtPositional(true);
        return root;
    }

    private static final String HELP =
            HelpCommand.class.getAnnotation(Command.class).name();

    /** Whether {@code word} is a verb's name or alias, read from the annotations: no verb is built. */
    static boolean isVerb(String word) {
        if (FIRST.stream().anyMatch(c -> names(c, word)) || LAST.stream().anyMatch(c -> names(c, word))) {
            return true;
        }
        for (Switch s : Switch.values()) {
            if (SwitchCommand.verb(s).equals(word)) {
                return true;
            }
        }
        for (ClearCommand.Kind k : ClearCommand.Kind.values()) {
            if (k.verb.equals(word)) {
                return true;
            }
        }
        return false;
    }

    private static boolean names(Class<?> c, String word) {
        Command a = c.getAnnotation(Command.class);
        return a.name().equals(word) || Arrays.asList(a.aliases()).contains(word);
    }

    private static void add(CommandLine root, String verb, String header, Object command, VerbFactory factory) {
        CommandLine cl = new CommandLine(command, factory);
        cl.setCommandName(verb);
        cl.getCommandSpec().usageMessage().header(header);
        root.addSubcommand(verb, cl);
    }
}
