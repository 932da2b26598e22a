package dev.mzsh.commands;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "help", header = "List the verbs, or show one verb's usage.")
public final class HelpCommand extends Verb {
    @Parameters(arity = "0..1", paramLabel = "VERB")
    String verb;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandSpec root = spec.parent();
        if (verb != null) {
            CommandLine cl = root.subcommands().get(verb);
            if (cl == null) {
                throw new UsageException("help: unknown verb '" + verb + "'; 'help' lists them");
            }
            // picocli's synopsis names the root too ("mzsh status"); in the shell one types the verb alone
            ctx.report().print(cl.getUsageMessage().replaceFirst("Usage: " + root.name() + " ", "Usage: "));
            return 0;
        }
        ctx.report().println("Verbs (one per line in scripts; ';' between them with -c):");
        for (Map.Entry<String, CommandLine> e : root.subcommands().entrySet()) {
            CommandSpec s = e.getValue().getCommandSpec();
            if (e.getKey().equals(s.name())) { // aliases (exit) are listed under their verb
                String[] h = s.usageMessage().header();
                ctx.report().printf("  %-13s %s%n", s.name(), h.length > 0 ? h[0] : "");
            }
        }
        ctx.report().println("'help VERB' shows a verb's options.");
        return 0;
    }
}
