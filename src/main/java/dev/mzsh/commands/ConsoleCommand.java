package dev.mzsh.commands;

import dev.mzsh.session.Guest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "console",
        description = {"Attach the terminal to the guest's serial console (raw); " + Foreground.ESCAPE_NAME
                + " returns to mzsh.",
            "%n'console off' stops showing the console output as it prints, 'console on' shows it again. "
                + "Attaching needs an interactive terminal; the run's console.log always has everything.%n"})
public final class ConsoleCommand implements Callable<Integer>, Unreplayable {
    @Parameters(arity = "0..1", paramLabel = "on|off", description = "show (on) or hide (off) the console output")
    String mode;

    private final ShellContext ctx;

    public ConsoleCommand(ShellContext ctx) {
        this.ctx = ctx;
    }

    /** on/off replay fine; attaching needs a terminal a script does not have. */
    @Override
    public boolean replayable() {
        return mode != null;
    }

    @Override
    public Integer call() throws Exception {
        if (mode == null) {
            attach();
            return 0;
        }
        switch (mode) {
            case "on" -> {
                ctx.session().consoleEcho(true);
                ctx.report().println("mzsh: guest console output is shown as it prints");
            }
            case "off" -> {
                ctx.session().consoleEcho(false);
                ctx.report().println("mzsh: guest console output is hidden (still in "
                        + ctx.session().run().file("console.log") + ")");
            }
            default -> throw new UsageException("console: say 'console', 'console on' or 'console off', not '"
                    + mode + "'");
        }
        return 0;
    }

    private void attach() throws Exception {
        if (ctx.foreground() == Foreground.NONE) {
            throw new UsageException("console needs an interactive terminal; run mzsh without -c/-f on a tty "
                    + "(the console is in " + ctx.session().run().file("console.log") + ")");
        }
        Guest guest = ctx.session().guest();
        ctx.report().println("guest console; " + Foreground.ESCAPE_NAME + " returns to mzsh");
        ctx.foreground().attach(new ConsoleEndpoint(guest.qemu()));
    }
}
