package dev.mzsh.commands;

import dev.mzsh.memorizer.Control;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** clear-dead, clear-printed: tell Memorizer to drop records. */
@Command(description = "Drop Memorizer records.")
public final class ClearCommand implements Callable<Integer> {
    private final ShellContext ctx;
    private final Control control;
    private final String verb;

    public ClearCommand(ShellContext ctx, Control control, String verb) {
        this.ctx = ctx;
        this.control = control;
        this.verb = verb;
    }

    static String describe(Control c) {
        return c == Control.CLEAR_DEAD
                ? "Drop the records of freed objects (clear_dead_objects / clear_dead_objs)."
                : "Drop the records of freed objects already reported by kmap (clear_printed_objects / clear_printed_list).";
    }

    Control control() {
        return control;
    }

    @Override
    public Integer call() throws Exception {
        ctx.session().memorizer().write(control, "1", verb);
        ctx.report().println(verb + ": done");
        return 0;
    }
}
