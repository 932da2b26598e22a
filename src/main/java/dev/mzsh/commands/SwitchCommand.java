package dev.mzsh.commands;

import dev.mzsh.memorizer.Control;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** log-access, log-live, log-calls: one boolean Memorizer switch each. */
@Command(description = "Turn a Memorizer switch on or off.")
public final class SwitchCommand implements Callable<Integer> {
    static final class OnOff extends java.util.ArrayList<String> {
        OnOff() {
            super(java.util.List.of("on", "off"));
        }
    }

    @Parameters(paramLabel = "on|off", completionCandidates = OnOff.class,
            description = "on or off (also 1/0, yes/no, true/false)")
    String value;

    private final ShellContext ctx;
    private final Control control;
    private final String verb;

    public SwitchCommand(ShellContext ctx, Control control, String verb) {
        this.ctx = ctx;
        this.control = control;
        this.verb = verb;
    }

    /** What each switch verb does, for help. */
    static String describe(Control c) {
        return switch (c) {
            case LOG_ACCESS -> "Record memory accesses to tracked objects (log_accesses_enabled / memorizer_log_access).";
            case LOG_LIVE -> "Report live objects in kmap too, not only freed ones (log_live_enabled / print_live_obj).";
            case LOG_CALLS -> "Record the kernel call graph (log_calls_enabled; newer kernels only).";
            default -> "Turn " + c.names().get(0) + " on or off.";
        };
    }

    Control control() {
        return control;
    }

    @Override
    public Integer call() throws Exception {
        String bit = switch (value.toLowerCase(Locale.ROOT)) {
            case "on", "1", "yes", "true", "y" -> "1";
            case "off", "0", "no", "false", "n" -> "0";
            default -> throw new UsageException(verb + ": give on or off, not '" + value + "'");
        };
        var m = ctx.session().memorizer();
        m.write(control, bit, verb);
        ctx.report().println(verb + ": " + (m.switchState(control).orElse(bit.equals("1")) ? "on" : "off"));
        return 0;
    }
}
