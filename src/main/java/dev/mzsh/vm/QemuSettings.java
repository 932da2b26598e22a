package dev.mzsh.vm;

import dev.mzsh.guest.GuestContract;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Everything that decides the QEMU command line.
 *
 * @param qemu          the qemu-system-x86_64 binary
 * @param kernel        bzImage
 * @param initrd        initramfs image
 * @param append        the whole kernel command line
 * @param memMiB        guest memory
 * @param smp           guest CPUs
 * @param accel         KVM or TCG
 * @param shareDir      host directory shared with the guest over 9p (the run directory's guest/ only)
 * @param shareSecurity the 9p security_model: "mapped-xattr" or "mapped-file", so guest chmod, chown,
 *                      mknod and symlinks are stored as metadata, never made real on the host
 * @param agentSocket   unix socket of the control channel
 * @param qmpSocket     unix socket of QMP
 * @param extraArgs     appended verbatim (expert use)
 * @param gdbSocket     QEMU's gdbstub listens on this unix socket from the start, or empty
 * @param halted        start with the CPUs stopped (-S) until a debugger continues them
 * @param network       the guest's user-mode network card, or empty for none (the default: no network device)
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
        String shareSecurity,
        Path agentSocket,
        Path qmpSocket,
        List<String> extraArgs,
        Optional<Path> gdbSocket,
        boolean halted,
        Optional<UserNetwork> network) {

    /** Settings without a gdbstub at launch (the usual boot). */
    public QemuSettings(
            Path qemu,
            Path kernel,
            Path initrd,
            String append,
            int memMiB,
            int smp,
            Accelerator accel,
            Path shareDir,
            String shareSecurity,
            Path agentSocket,
            Path qmpSocket,
            List<String> extraArgs) {
        this(
                qemu,
                kernel,
                initrd,
                append,
                memMiB,
                smp,
                accel,
                shareDir,
                shareSecurity,
                agentSocket,
                qmpSocket,
                extraArgs,
                Optional.empty(),
                false,
                Optional.empty());
    }

    /** The same settings with the gdbstub on {@code socket} and, when {@code halt}, the CPUs stopped at reset. */
    public QemuSettings withGdb(Path socket, boolean halt) {
        return new QemuSettings(
                qemu,
                kernel,
                initrd,
                append,
                memMiB,
                smp,
                accel,
                shareDir,
                shareSecurity,
                agentSocket,
                qmpSocket,
                extraArgs,
                Optional.of(socket),
                halt,
                network);
    }

    /** The same settings with the guest on QEMU's user-mode network. */
    public QemuSettings withNetwork(UserNetwork net) {
        return new QemuSettings(
                qemu,
                kernel,
                initrd,
                append,
                memMiB,
                smp,
                accel,
                shareDir,
                shareSecurity,
                agentSocket,
                qmpSocket,
                extraArgs,
                gdbSocket,
                halted,
                Optional.of(net));
    }

    /** The 9p mount tag and the virtio-serial port name the guest init looks for. */
    public static final String SHARE_TAG = GuestContract.SHARE_TAG;

    public static final String AGENT_PORT = GuestContract.AGENT_PORT;
    /** Where the guest init mounts the share (initramfs-root/init). */
    public static final String GUEST_SHARE = GuestContract.SHARE;
}
