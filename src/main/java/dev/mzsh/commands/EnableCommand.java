package dev.mzsh.commands;

import dev.mzsh.memorizer.Control;
import dev.mzsh.memorizer.Memorizer;
import dev.mzsh.memorizer.Mode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "enable",
        header = "Switch Memorizer tracking on (writes memorizer_enabled).",
        description = {
            "%nMODE: 1 or system (whole system, the default), 2 (the writing process, its later children and "
                    + "interrupts), 3 or process (the writing process and its later children), a pid (that process "
                    + "and its later children), 0 or off.",
            "%nModes 2 and 3 mark the process that writes the file, so 'enable 2' and 'enable 3' only arm the "
                    + "mode: the next exec or experiment writes it from its own guest shell, which then runs the "
                    + "command, so exactly that command and its children are traced. 'status' and the prompt show "
                    + "an armed mode."
        })
public final class EnableCommand extends Verb {
    @Parameters(
            arity = "0..1",
            paramLabel = "MODE",
            defaultValue = "1",
            converter = ModeConverter.class,
            completionCandidates = ModeConverter.Words.class,
            description = "0 1 2 3, a pid, off, system or process (default: 1)")
    Mode mode;

    @Override
    public Integer call() throws Exception {
        Memorizer m = ctx.session().memorizer();
        if (mode.marksWriter()) {
            m.abi().path(Control.ENABLED);
            m.arm(mode);
            ctx.report()
                    .println("enable: mode " + mode.describe() + " armed: the next exec or experiment writes it"
                            + " from its own shell, so that command and its children are traced");
            return 0;
        }
        m.arm(null);
        m.write(Control.ENABLED, Integer.toString(mode.value()));
        ctx.report().println("memorizer: mode " + m.mode().describe());
        return 0;
    }
}
