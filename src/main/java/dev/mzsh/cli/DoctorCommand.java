package dev.mzsh.cli;

import dev.mzsh.commands.ExitStatus;
import dev.mzsh.host.AptInstaller;
import dev.mzsh.host.Finding;
import dev.mzsh.host.GuestKernel;
import dev.mzsh.host.HostMissingException;
import dev.mzsh.host.HostProbe;
import dev.mzsh.host.KernelLocator;
import dev.mzsh.kernel.KernelBuildTree;
import dev.mzsh.session.BootImage;
import dev.mzsh.session.Installation;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "doctor",
        description = "Check the host: what mzsh found where, what is missing and the command that fixes it.")
public final class DoctorCommand implements Callable<Integer> {
    @ParentCommand
    Main parent;

    /** How cold boots load the kernel: its vmlinux unpacked (PVH), the image as it is and why, or not looked at yet. */
    private static void printBoot(PrintStream out, GuestKernel k) {
        Optional<BootImage> b;
        try {
            b = BootImage.known(Installation.detect(), k);
        } catch (IOException e) {
            b = Optional.empty();
        }
        if (b.isEmpty()) {
            out.printf(
                    "%-22s %-8s %-44s %s%n", "kernel boot", "pending", k.image(), "(the next boot unpacks the image)");
        } else if (b.get().pvh()) {
            out.printf("%-22s %-8s %-44s %s%n", "kernel boot", "ok", b.get().file(), "(vmlinux, PVH entry)");
        } else {
            out.printf(
                    "%-22s %-8s %-44s %s%n",
                    "kernel boot", "as is", k.image(), "(" + b.get().reason() + ")");
        }
    }

    @Override
    public Integer call() {
        PrintStream out = System.out;
        List<String> fixes = new ArrayList<>();
        boolean requiredMissing = false;
        out.printf("%-22s %-8s %-44s %s%n", "WHAT", "STATUS", "WHERE", "FIX");
        for (Finding f : new HostProbe().findAll()) {
            String status = f.found() ? "ok" : f.requirement().required() ? "MISSING" : "absent";
            String where = f.path().map(Object::toString).orElse(f.detail());
            String fix = f.found() ? "" : "apt-get install " + f.requirement().debianPackage();
            out.printf("%-22s %-8s %-44s %s%n", f.requirement().name(), status, where, fix);
            if (!f.found()) {
                fixes.add(f.requirement().debianPackage());
                requiredMissing |= f.requirement().required();
            }
        }
        try {
            Path image = parent.guest.kernelImage();
            GuestKernel k = image != null ? KernelBuildTree.kernelAt(image) : KernelLocator.stock();
            out.printf("%-22s %-8s %-44s %s%n", "kernel " + k.release(), "ok", k.image(), "");
            printBoot(out, k);
            boolean modules = k.modulesDir().toFile().isDirectory();
            out.printf(
                    "%-22s %-8s %-44s %s%n",
                    "kernel modules",
                    modules ? "ok" : "absent",
                    k.modulesDir(),
                    modules ? "" : "(fine when virtio, 9p are built in)");
            if (k.stock()) {
                boolean headers = k.buildDir().isPresent();
                out.printf(
                        "%-22s %-8s %-44s %s%n",
                        "kernel headers",
                        headers ? "ok" : "MISSING",
                        k.modulesDir().resolve("build"),
                        headers ? "" : "apt-get install linux-headers-" + k.release());
                if (!headers) {
                    fixes.add("linux-headers-" + k.release());
                    requiredMissing = true;
                }
            }
        } catch (HostMissingException e) {
            out.printf("%-22s %-8s %-44s %s%n", "kernel", "MISSING", e.getMessage(), e.fix());
            fixes.addAll(e.packages());
            requiredMissing = true;
        }
        boolean kvm = HostProbe.kvmUsable();
        out.printf(
                "%-22s %-8s %-44s %s%n",
                "KVM", kvm ? "ok" : "absent", "/dev/kvm", kvm ? "" : "(software emulation: slower, works)");
        if (!fixes.isEmpty()) {
            out.println();
            out.println("To install everything missing: "
                    + AptInstaller.commandLine(fixes.stream().distinct().toList()));
        }
        return requiredMissing ? ExitStatus.HOST_MISSING : ExitStatus.OK;
    }
}
