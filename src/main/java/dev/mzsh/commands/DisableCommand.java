package dev.mzsh.commands;

import dev.mzsh.memorizer.Control;
import dev.mzsh.memorizer.Memorizer;
import picocli.CommandLine.Command;

@Command(
        name = "disable",
        header = "Switch Memorizer tracking off (writes 0 to memorizer_enabled).",
        description = {
            "%nAlso forgets a mode armed by 'enable 2|3'. Process marks survive; a later enable resumes them."
        })
public final class DisableCommand extends Verb {
    @Override
    public Integer call() throws Exception {
        Memorizer m = ctx.session().memorizer();
        m.arm(null);
        m.write(Control.ENABLED, "0");
        ctx.report().println("memorizer: mode " + m.mode().describe());
        return 0;
    }
}
