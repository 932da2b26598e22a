package dev.mzsh.commands;

import dev.mzsh.session.Guest;
import picocli.CommandLine.Command;

@Command(name = "boot", header = "Boot the guest (verbs that need one boot it themselves).")
public final class BootCommand extends Verb {
    @Override
    public Integer call() throws Exception {
        if (ctx.session().currentGuest().filter(Guest::alive).isPresent()) {
            ctx.err().println("mzsh: the guest is already running (use reboot for a fresh one)");
            return 0;
        }
        ctx.session().guest();
        return 0;
    }
}
