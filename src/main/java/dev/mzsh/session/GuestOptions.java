package dev.mzsh.session;

import dev.mzsh.vm.UserNetwork;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the user chose about the guest (global command-line options).
 *
 * @param kernel      --kernel, or empty for Debian's stock kernel
 * @param initrd      --initrd, a prebuilt image used as is
 * @param append      --append, added to the kernel command line
 * @param memMiB      --mem, or empty for the default of the kernel kind
 * @param smp         --smp
 * @param sim         --sim: newest, v26, v6.6-old, 4.x (current, legacy: aliases) or off
 * @param bootTimeout how long a boot may go without progress (console output or a boot stage) before it
 *                    counts as hung
 * @param extraDirs   --add host directories copied into the guest
 * @param vmlinux     --vmlinux, the kernel's ELF with symbols (gdb, kmap symbols), or empty
 * @param network     --net / --ssh-port: the guest's user-mode network, or empty for none
 * @param snapshots   whether boots restore and save ready-guest snapshots (--cold, --no-snapshot)
 * @param dumpOnCrash  false with --no-dump: a crashed guest's memory is not written to the run directory
 */
public record GuestOptions(
        Optional<Path> kernel,
        Optional<Path> initrd,
        String append,
        Optional<Integer> memMiB,
        int smp,
        String sim,
        Duration bootTimeout,
        List<Path> extraDirs,
        Optional<Path> vmlinux,
        Optional<UserNetwork> network,
        SnapshotUse snapshots,
        boolean dumpOnCrash) {

    /** How a boot uses ready-guest snapshots. */
    public enum SnapshotUse {
        /** Restore the guest's snapshot when there is one; else boot cold and save one. */
        AUTO,
        /** Boot cold and save a fresh snapshot, replacing the old one (--cold). */
        COLD,
        /** Boot cold and save nothing (--no-snapshot). */
        OFF
    }

    /** The defaults of --sim, --smp and --boot-timeout (the command line's and {@link #defaults()}'s). */
    public static final String DEFAULT_SIM = "newest";

    public static final int DEFAULT_SMP = 2;
    public static final int DEFAULT_BOOT_TIMEOUT_SECONDS = 30;
    /** Guest memory without --mem: Debian's stock kernel needs little; a Memorizer kernel reserves 8 GB of records. */
    public static final int DEFAULT_MEM_STOCK_MIB = 1024;

    public static final int DEFAULT_MEM_OTHER_MIB = 8192;

    /** The default guest: Debian's stock kernel with memorizer-sim (newest names), 2 CPUs, 30 s of boot silence. */
    public static GuestOptions defaults() {
        return new GuestOptions(
                Optional.empty(),
                Optional.empty(),
                "",
                Optional.empty(),
                DEFAULT_SMP,
                DEFAULT_SIM,
                Duration.ofSeconds(DEFAULT_BOOT_TIMEOUT_SECONDS),
                List.of(),
                Optional.empty());
    }

    /** QEMU's user-mode network: {@code restricted} to the forwards, with an SSH server on {@code sshPort}. */
    public static Optional<UserNetwork> userNetwork(boolean restricted, Optional<Integer> sshPort) {
        return Optional.of(new UserNetwork(restricted, sshPort));
    }

    /** Whether the guest runs an SSH server (--ssh-port): the host needs dropbear for it. */
    public boolean sshServer() {
        return network.flatMap(UserNetwork::sshPort).isPresent();
    }

    /** --mem, or the default for the kernel booted. */
    public int memoryMiB(boolean stockKernel) {
        return memMiB.orElse(stockKernel ? DEFAULT_MEM_STOCK_MIB : DEFAULT_MEM_OTHER_MIB);
    }

    /** Options without a network (what every caller before --net built). */
    public GuestOptions(
            Optional<Path> kernel,
            Optional<Path> initrd,
            String append,
            Optional<Integer> memMiB,
            int smp,
            String sim,
            Duration bootTimeout,
            List<Path> extraDirs,
            Optional<Path> vmlinux) {
        this(kernel, initrd, append, memMiB, smp, sim, bootTimeout, extraDirs, vmlinux, Optional.empty());
    }

    /** Options that use snapshots and dump a crashed guest, as by default. */
    public GuestOptions(
            Optional<Path> kernel,
            Optional<Path> initrd,
            String append,
            Optional<Integer> memMiB,
            int smp,
            String sim,
            Duration bootTimeout,
            List<Path> extraDirs,
            Optional<Path> vmlinux,
            Optional<UserNetwork> network) {
        this(
                kernel,
                initrd,
                append,
                memMiB,
                smp,
                sim,
                bootTimeout,
                extraDirs,
                vmlinux,
                network,
                SnapshotUse.AUTO,
                true);
    }
}
