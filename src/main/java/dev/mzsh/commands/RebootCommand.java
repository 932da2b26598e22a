package dev.mzsh.commands;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "reboot", header = "Stop the guest and boot a fresh one (same kernel, same initramfs).")
public final class RebootCommand implements Callable<Integer> {
    private final ShellContext ctx;

    public RebootCommand(ShellContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        ctx.session().stopGuest();
        ctx.session().guest();
        return 0;
    }
}
