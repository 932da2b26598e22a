package dev.mzsh.cli;

import dev.mzsh.host.GuestKernel;
import dev.mzsh.host.HostProbe;
import dev.mzsh.host.Provisioner;
import dev.mzsh.initramfs.ArchiveCache;
import dev.mzsh.initramfs.GuestImageBuilder;
import dev.mzsh.session.GuestInitramfs;
import dev.mzsh.session.GuestLauncher;
import dev.mzsh.session.Installation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "initramfs", description = "Build the guest initramfs without booting (for booting elsewhere).")
public final class InitramfsCommand implements Callable<Integer> {
    @ParentCommand
    Main parent;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "where to write the image")
    Path out;

    @Override
    public Integer call() throws Exception {
        Path target = out.toAbsolutePath();
        if (!Files.isDirectory(target.getParent())) {
            throw new dev.mzsh.commands.UsageException(
                    "--out " + out + ": directory " + target.getParent() + " does not exist");
        }
        Installation inst = Installation.detect();
        var options = parent.guest.toOptions();
        GuestLauncher launcher = new GuestLauncher(inst, options, System.err);
        Provisioner.provisionAsRoot(options.kernel().isEmpty(), !options.sim().equals("off"));
        HostProbe probe = Provisioner.checkedHost(false);
        GuestKernel kernel = launcher.kernel();
        long t0 = System.nanoTime();
        GuestImageBuilder.Result r =
                GuestInitramfs.builder(inst).build(new GuestInitramfs(inst, options).inputs(probe, kernel), target);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        for (ArchiveCache.Layer l : r.layers()) {
            System.err.printf(
                    "mzsh: layer %s %s (%d KiB)%n",
                    l.path().getFileName(), l.cached() ? "cached" : "built", Files.size(l.path()) / 1024);
        }
        System.err.printf(
                "mzsh: wrote %s (%d KiB, kernel %s, modules %s) in %d ms%n",
                target,
                Files.size(target) / 1024,
                kernel.release(),
                r.modules().loadOrder().size(),
                ms);
        return 0;
    }
}
