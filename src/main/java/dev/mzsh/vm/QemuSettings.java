package dev.mzsh.vm;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything that decides the QEMU command line.
 *
 * @param qemu         the qemu-system-x86_64 binary
 * @param kernel       bzImage
 * @param initrd       initramfs image
 * @param append       the whole kernel command line
 * @param memMiB       guest memory
 * @param smp          guest CPUs
 * @param accel        KVM or TCG
 * @param shareDir     host directory shared with the guest over 9p (the run directory)
 * @param agentSocket  unix socket of the control channel
 * @param qmpSocket    unix socket of QMP
 * @param extraArgs    appended verbatim (expert use)
 * @param gdbPort      QEMU's gdbstub listens on 127.0.0.1:gdbPort from the start, or empty
 * @param halted       start with the CPUs stopped (-S) until a debugger continues them
 */
public record QemuSettings(
        Path qemu,
        Path kernel,
        Path initrd,
        String append,
        int memMiB,
        int smp,
        Accelerator accel,
        Path shareDir,
        Path agentSocket,
        Path qmpSocket,
        List<String> extraArgs,
        java.util.OptionalInt gdbPort,
        boolean halted) {

    /** Settings without a gdbstub at launch (the usual boot). */
    public QemuSettings(Path qemu, Path kernel, Path initrd, String append, int memMiB, int smp, Accelerator accel,
                        Path shareDir, Path agentSocket, Path qmpSocket, List<String> extraArgs) {
        this(qemu, kernel, initrd, append, memMiB, smp, accel, shareDir, agentSocket, qmpSocket, extraArgs,
                java.util.OptionalInt.empty(), false);
    }

    /** The same settings with the gdbstub on {@code port} and, when {@code halt}, the CPUs stopped at reset. */
    public QemuSettings withGdb(int port, boolean halt) {
        return new QemuSettings(qemu, kernel, initrd, append, memMiB, smp, accel, shareDir, agentSocket, qmpSocket,
                extraArgs, java.util.OptionalInt.of(port), halt);
    }

    /** The 9p mount tag and the virtio-serial port name the guest init looks for. */
    public static final String SHARE_TAG = "mzshrun";
    public static final String AGENT_PORT = "mzsh.agent";
    /** Where the guest init mounts the run directory (initramfs-root/init). */
    public static final String GUEST_SHARE = "/mnt/mzsh";
}
