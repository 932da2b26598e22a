package dev.mzsh.commands;

import picocli.CommandLine.Command;

@Command(name = "poweroff", header = "Stop the guest. The run directory keeps its console.log.")
public final class PoweroffCommand extends Verb {
    @Override
    public Integer call() {
        if (!ctx.session().stopGuest()) {
            ctx.err().println("mzsh: no guest is running");
        }
        return 0;
    }
}
