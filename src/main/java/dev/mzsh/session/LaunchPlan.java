package dev.mzsh.session;

import dev.mzsh.host.GuestKernel;
import dev.mzsh.vm.Accelerator;
import dev.mzsh.vm.GdbStub;
import dev.mzsh.vm.KernelCommandLine;
import dev.mzsh.vm.QemuCommandLine;
import dev.mzsh.vm.QemuSettings;
import java.nio.file.Path;
import java.util.List;

/**
 * What a boot will run, decided from the user's options and what the host found, without
 * starting anything (so it is tested without QEMU): the QEMU settings and arguments, the
 * guest's memory, whether this boot may use snapshots, and what starts QEMU.
 *
 * @param settings  the QEMU settings
 * @param qemuArgs  QEMU's argument list (binary first), as qemu.cmdline records it
 * @param memMiB    guest memory
 * @param snapshots how this boot uses snapshots (a boot halted for gdb never does)
 * @param setpriv   util-linux's setpriv, through which QEMU starts (its parent-death signal)
 */
record LaunchPlan(
        QemuSettings settings, List<String> qemuArgs, int memMiB, GuestOptions.SnapshotUse snapshots, Path setpriv) {
    /**
     * @param bootImage what QEMU loads as the kernel: {@code kernel}'s image, or its vmlinux unpacked for a PVH boot
     * @param halted    whether QEMU starts with stopped CPUs and the gdbstub listening (gdb --wait)
     */
    static LaunchPlan of(
            GuestOptions options,
            GuestKernel kernel,
            Path bootImage,
            Path qemu,
            Path setpriv,
            Path initrd,
            Accelerator accel,
            Path socketDir,
            Path share,
            String shareSecurity,
            boolean halted) {
        int mem = options.memoryMiB(kernel.stock());
        String sim = kernel.stock() ? options.sim() : "off";
        QemuSettings settings = new QemuSettings(
                qemu,
                bootImage,
                initrd,
                KernelCommandLine.build(4, sim, options.network().isPresent(), options.append()),
                mem,
                options.smp(),
                accel,
                share,
                shareSecurity,
                socketDir.resolve("agent.sock"),
                socketDir.resolve("qmp.sock"),
                List.of());
        if (options.network().isPresent()) {
            settings = settings.withNetwork(options.network().get());
        }
        if (halted) {
            settings = settings.withGdb(socketDir.resolve(GdbStub.SOCKET_NAME), true);
        }
        GuestOptions.SnapshotUse use = halted ? GuestOptions.SnapshotUse.OFF : options.snapshots();
        return new LaunchPlan(settings, QemuCommandLine.build(settings), mem, use, setpriv);
    }
}
