package dev.mzsh.commands;

import dev.mzsh.memorizer.Switch;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** log-access, log-live, log-calls: one boolean Memorizer switch each (see {@link Switch}). */
@Command(description = "Turn a Memorizer switch on or off.")
public final class SwitchCommand implements Callable<Integer> {
    static final class OnOff extends java.util.ArrayList<String> {
        OnOff() {
            super(List.of("on", "off"));
        }
    }

    @Parameters(paramLabel = "on|off", completionCandidates = OnOff.class,
            description = "on or off (also 1/0, yes/no, true/false)")
    String value;

    private final ShellContext ctx;
    private final Switch which;

    public SwitchCommand(ShellContext ctx, Switch which) {
        this.ctx = ctx;
        this.which = which;
    }

    Switch which() {
        return which;
    }

    @Override
    public Integer call() throws Exception {
        String verb = which.verb();
        String bit = switch (value.toLowerCase(Locale.ROOT)) {
            case "on", "1", "yes", "true", "y" -> "1";
            case "off", "0", "no", "false", "n" -> "0";
            default -> throw new UsageException(verb + ": give on or off, not '" + value + "'");
        };
        var m = ctx.session().memorizer();
        m.write(which.control(), bit, verb);
        ctx.report().println(verb + ": " + (m.switchState(which).orElse(bit.equals("1")) ? "on" : "off"));
        return 0;
    }
}
