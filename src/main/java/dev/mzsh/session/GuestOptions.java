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
 * @param bootTimeout how long a boot may take before it counts as hung
 * @param extraDirs   --add host directories copied into the guest
 * @param vmlinux     --vmlinux, the kernel's ELF with symbols (gdb, kmap symbols), or empty
 * @param network     --net / --ssh-port: the guest's user-mode network, or empty for none
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
        boolean dumpOnCrash) {

    /** The defaults of --sim, --smp and --boot-timeout (the command line's and {@link #defaults()}'s). */
    public static final String DEFAULT_SIM = "newest";
    public static final int DEFAULT_SMP = 2;
    public static final int DEFAULT_BOOT_TIMEOUT_SECONDS = 120;

    /** The default guest: Debian's stock kernel with memorizer-sim (newest names), 2 CPUs, 120 s to boot. */
    public static GuestOptions defaults() {
        return new GuestOptions(Optional.empty(), Optional.empty(), "", Optional.empty(), DEFAULT_SMP, DEFAULT_SIM,
                Duration.ofSeconds(DEFAULT_BOOT_TIMEOUT_SECONDS), List.of(), Optional.empty());
    }

    /** Options that dump a crashed guest (what every caller before --no-dump built). */
    public GuestOptions(Optional<Path> kernel, Optional<Path> initrd, String append, Optional<Integer> memMiB, int smp,
                        String sim, Duration bootTimeout, List<Path> extraDirs, Optional<Path> vmlinux,
                        Optional<UserNetwork> network) {
        this(kernel, initrd, append, memMiB, smp, sim, bootTimeout, extraDirs, vmlinux, network, true);
    }

    /** Options without a network (what every caller before --net built). */
    public GuestOptions(Optional<Path> kernel, Optional<Path> initrd, String append, Optional<Integer> memMiB, int smp,
                        String sim, Duration bootTimeout, List<Path> extraDirs, Optional<Path> vmlinux) {
        this(kernel, initrd, append, memMiB, smp, sim, bootTimeout, extraDirs, vmlinux, Optional.empty());
    }
}
