package dev.mzsh.commands;

import dev.mzsh.memorizer.Control;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** clear-dead, clear-printed: tell Memorizer to drop records; added once per {@link Kind}. */
@Command
public final class ClearCommand implements Callable<Integer> {
    /** The clear verbs: name, the trigger file, help. */
    enum Kind {
        DEAD(
                "clear-dead",
                Control.CLEAR_DEAD,
                "Drop the records of freed objects (clear_dead_objects / clear_dead_objs)."),
        PRINTED(
                "clear-printed",
                Control.CLEAR_PRINTED,
                "Drop the records of freed objects already reported by kmap (clear_printed_list).");

        final String verb;
        final Control control;
        final String help;

        Kind(String verb, Control control, String help) {
            this.verb = verb;
            this.control = control;
            this.help = help;
        }
    }

    private final ShellContext ctx;
    private final Kind kind;

    ClearCommand(ShellContext ctx, Kind kind) {
        this.ctx = ctx;
        this.kind = kind;
    }

    @Override
    public Integer call() throws Exception {
        ctx.session().memorizer().write(kind.control, "1");
        ctx.report().println(kind.verb + ": done");
        return 0;
    }
}
