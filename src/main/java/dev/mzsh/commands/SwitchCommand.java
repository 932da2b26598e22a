package dev.mzsh.commands;

import dev.mzsh.memorizer.Switch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** log-access, log-live, log-calls: one boolean Memorizer switch each (see {@link Switch}); added per switch. */
@Command
public final class SwitchCommand implements Callable<Integer> {
    @Parameters(
            paramLabel = "on|off",
            converter = OnOff.Converter.class,
            completionCandidates = OnOff.Words.class,
            description = "on or off (also 1/0, yes/no, true/false)")
    OnOff value;

    private final ShellContext ctx;
    private final Switch which;

    public SwitchCommand(ShellContext ctx, Switch which) {
        this.ctx = ctx;
        this.which = which;
    }

    /** The verb that flips {@code s}: verb names live in this layer only (the compiler asks for a new switch's). */
    static String verb(Switch s) {
        return switch (s) {
            case LOG_ACCESS -> "log-access";
            case LOG_LIVE -> "log-live";
            case LOG_CALLS -> "log-calls";
        };
    }

    /** The verb's one-line help. */
    static String help(Switch s) {
        return switch (s) {
            case LOG_ACCESS ->
                "Record memory accesses to tracked objects (log_accesses_enabled / memorizer_log_access).";
            case LOG_LIVE ->
                "Report live objects in kmap too, not only freed ones (log_live_enabled / print_live_obj).";
            case LOG_CALLS -> "Record the kernel call graph (log_calls_enabled; newer kernels only).";
        };
    }

    @Override
    public Integer call() throws Exception {
        var m = ctx.session().memorizer();
        m.write(which.control(), value.on() ? "1" : "0");
        ctx.report().println(verb(which) + ": " + (m.switchState(which).orElse(value.on()) ? "on" : "off"));
        return 0;
    }
}
