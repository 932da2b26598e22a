package dev.mzsh.commands;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "poweroff", header = "Stop the guest. The run directory keeps its console.log.")
public final class PoweroffCommand implements Callable<Integer> {
    private final ShellContext ctx;

    public PoweroffCommand(ShellContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        if (!ctx.session().stopGuest()) {
            ctx.err().println("mzsh: no guest is running");
        }
        return 0;
    }
}
