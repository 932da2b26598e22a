package dev.mzsh.commands;

import picocli.CommandLine.Command;

@Command(name = "reboot", header = "Stop the guest and boot a fresh one (same kernel, same initramfs).")
public final class RebootCommand extends Verb {
    @Override
    public Integer call() throws Exception {
        ctx.session().stopGuest();
        ctx.session().guest();
        return 0;
    }
}
