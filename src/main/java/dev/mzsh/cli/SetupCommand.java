package dev.mzsh.cli;

import dev.mzsh.host.GuestKernel;
import dev.mzsh.host.HostProbe;
import dev.mzsh.host.Provisioner;
import dev.mzsh.session.GuestInitramfs;
import dev.mzsh.session.GuestLauncher;
import dev.mzsh.session.Installation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "setup",
        description = {
            "Prepare the host: install missing packages (as root), the stock kernel and its",
            "headers, build memorizer-sim and the guest initramfs. Booting does this too, on demand."
        })
public final class SetupCommand implements Callable<Integer> {
    @ParentCommand
    Main parent;

    @Override
    public Integer call() throws Exception {
        Installation inst = Installation.detect();
        var options = parent.guest.toOptions();
        GuestLauncher launcher = new GuestLauncher(inst, options, System.err);
        // the stock kernel and its headers too: setup is what a fresh machine runs first
        Provisioner.provisionAsRoot(options.kernel().isEmpty(), !options.sim().equals("off"));
        HostProbe probe = Provisioner.checkedHost(true);
        GuestKernel kernel = launcher.kernel();
        Path tmp = Files.createTempFile("mzsh-initrd-", ".img");
        try {
            GuestInitramfs.builder(inst).build(new GuestInitramfs(inst, options).inputs(probe, kernel), tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
        System.err.println("mzsh: host ready: kernel " + kernel.release() + ", cache " + inst.cacheDir());
        return 0;
    }
}
