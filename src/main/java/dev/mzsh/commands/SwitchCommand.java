package dev.mzsh.commands;

import dev.mzsh.memorizer.Switch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** log-access, log-live, log-calls: one boolean Memorizer switch each (see {@link Switch}); added per switch. */
@Command
public final class SwitchCommand implements Callable<Integer> {
    @Parameters(paramLabel = "on|off", converter = OnOff.Converter.class, completionCandidates = OnOff.Words.class,
            description = "on or off (also 1/0, yes/no, true/false)")
    OnOff value;

    private final ShellContext ctx;
    private final Switch which;

    public SwitchCommand(ShellContext ctx, Switch which) {
        this.ctx = ctx;
        this.which = which;
    }

    @Override
    public Integer call() throws Exception {
        var m = ctx.session().memorizer();
        m.write(which.control(), value.on() ? "1" : "0");
        ctx.report().println(which.verb() + ": " + (m.switchState(which).orElse(value.on()) ? "on" : "off"));
        return 0;
    }
}
