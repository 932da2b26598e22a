package dev.mzsh.commands;

import dev.mzsh.session.Guest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "console",
        header = "Attach the terminal to the guest's serial console (raw); " + Foreground.ESCAPE_NAME
                + " returns to mzsh.",
        description = {
            "%n'console off' stops showing the console output as it prints, 'console on' shows it again. "
                    + "Attaching needs an interactive terminal; the run's console.log always has everything.%n"
        })
public final class ConsoleCommand extends Verb implements Unreplayable {
    @Parameters(
            arity = "0..1",
            paramLabel = "on|off",
            converter = OnOff.Converter.class,
            completionCandidates = OnOff.Words.class,
            description = "show (on) or hide (off) the console output")
    OnOff show;

    /** on/off replay fine; attaching needs a terminal a script does not have. */
    @Override
    public boolean replayable() {
        return show != null;
    }

    @Override
    public Integer call() throws Exception {
        if (show == null) {
            attach();
            return 0;
        }
        ctx.session().consoleEcho(show.on());
        ctx.report()
                .println(
                        show.on()
                                ? "mzsh: guest console output is shown as it prints"
                                : "mzsh: guest console output is hidden (still in "
                                        + ctx.session().run().consoleLog() + ")");
        return 0;
    }

    private void attach() throws Exception {
        if (ctx.foreground() == Foreground.NONE) {
            throw new UsageException("console needs an interactive terminal; run mzsh without -c/-f on a tty "
                    + "(the console is in " + ctx.session().run().consoleLog() + ")");
        }
        Guest guest = ctx.session().guest();
        ctx.report().println("guest console; " + Foreground.ESCAPE_NAME + " returns to mzsh");
        ctx.foreground().attach(guest.console());
    }
}
