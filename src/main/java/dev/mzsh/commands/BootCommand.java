package dev.mzsh.commands;

import dev.mzsh.session.Guest;
import picocli.CommandLine.Command;

@Command(name = "boot", header = "Boot the guest (verbs that need one boot it themselves).")
public final class BootCommand extends Verb {
    @Override
    public Integer call() throws Exception {
        if (ctx.session().remoteAddress().isPresent()) {
            ctx.session().target(); // an SSH target: boot means connect
            return 0;
        }
        if (ctx.session().currentGuest().filter(Guest::alive).isPresent()) {
            ctx.err().println("mzsh: the guest is already running (use reboot for a fresh one)");
            return 0;
        }
        ctx.session().guest();
        return 0;
    }
}
