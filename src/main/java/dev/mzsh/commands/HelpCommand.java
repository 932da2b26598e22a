package dev.mzsh.commands;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "help", description = "List the verbs, or show one verb's usage.")
public final class HelpCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "VERB")
    String verb;

    private final Shell shell;
    private final ShellContext ctx;

    public HelpCommand(Shell shell, ShellContext ctx) {
        this.shell = shell;
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        if (verb != null) {
            CommandLine cl = shell.commandLine(verb, ShellLine.parse(verb));
            if (cl == null) {
                throw new UsageException("help: unknown verb '" + verb + "'; 'help' lists them");
            }
            cl.usage(ctx.report());
            return 0;
        }
        ctx.report().println("Verbs (one per line in scripts; ';' between them with -c):");
        for (String v : shell.verbs()) {
            CommandLine cl = shell.commandLine(v, ShellLine.parse(v));
            String[] d = cl.getCommandSpec().usageMessage().description();
            ctx.report().printf("  %-13s %s%n", v, d.length > 0 ? d[0] : "");
        }
        ctx.report().println("'help VERB' shows a verb's options.");
        return 0;
    }
}
