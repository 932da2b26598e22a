package dev.mzsh.cli;

import dev.mzsh.commands.UsageException;
import dev.mzsh.host.HostMissingException;
import dev.mzsh.kernel.KernelBuildTree;
import dev.mzsh.session.GuestOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The global options that describe the guest; shared by the shell and by `mzsh initramfs`. */
public final class GuestOptionsMixin {
    /** memorizer-sim's abi= values (its generations and their aliases), and off. */
    static final List<String> SIM_VALUES = List.of("newest", "v26", "v6.6-old", "4.x", "current", "legacy", "off");

    @Option(
            names = "--kernel",
            paramLabel = "BZIMAGE",
            scope = ScopeType.INHERIT,
            description = "kernel to boot (default: Debian's stock kernel with memorizer-sim)")
    Path kernel;

    @Option(
            names = "--kernel-build",
            paramLabel = "DIR",
            scope = ScopeType.INHERIT,
            description = "boot the kernel built in DIR (mzsh kernel build): its bzImage, vmlinux and modules; "
                    + "memorizer-sim is built against it unless it has the Memorizer")
    Path kernelBuild;

    @Option(
            names = "--initrd",
            paramLabel = "FILE",
            scope = ScopeType.INHERIT,
            description = "use this prebuilt initramfs instead of building one")
    Path initrd;

    @Option(
            names = "--append",
            paramLabel = "TEXT",
            scope = ScopeType.INHERIT,
            description = "added to the kernel command line")
    String append = "";

    @Option(
            names = "--mem",
            paramLabel = "SIZE",
            scope = ScopeType.INHERIT,
            description = "guest memory, e.g. 2G or 1536M (default: " + GuestOptions.DEFAULT_MEM_STOCK_MIB
                    + "M with Debian's stock kernel, " + GuestOptions.DEFAULT_MEM_OTHER_MIB + "M with any other)")
    String mem;

    @Option(
            names = "--smp",
            paramLabel = "N",
            scope = ScopeType.INHERIT,
            description = "guest CPUs (default: ${DEFAULT-VALUE})")
    int smp = GuestOptions.DEFAULT_SMP;

    @Option(
            names = "--sim",
            paramLabel = "ABI",
            scope = ScopeType.INHERIT,
            completionCandidates = SimValues.class,
            description = "memorizer-sim on the stock kernel, as the Memorizer generation: newest, v26, "
                    + "v6.6-old, 4.x (current = newest, legacy = v6.6-old), or off (default: ${DEFAULT-VALUE})")
    String sim = GuestOptions.DEFAULT_SIM;

    @Option(
            names = "--boot-timeout",
            paramLabel = "S",
            scope = ScopeType.INHERIT,
            description = "seconds a boot may go without progress (console output or a boot stage) before it "
                    + "counts as hung (default: ${DEFAULT-VALUE})")
    int bootTimeout = GuestOptions.DEFAULT_BOOT_TIMEOUT_SECONDS;

    @Option(
            names = "--add",
            paramLabel = "DIR",
            scope = ScopeType.INHERIT,
            description = "copy a host directory into the guest as /mnt/host/NAME (repeatable)")
    List<Path> extraDirs = new ArrayList<>();

    @Option(
            names = "--vmlinux",
            paramLabel = "FILE",
            scope = ScopeType.INHERIT,
            description = "the kernel's vmlinux with symbols, for gdb and kmap symbol names "
                    + "(default: a vmlinux beside --kernel)")
    Path vmlinux;

    @Option(
            names = "--net",
            paramLabel = "MODE",
            scope = ScopeType.INHERIT,
            completionCandidates = NetValues.class,
            description = "give the guest a network card on QEMU's user-mode network: user (the guest reaches "
                    + "the outside, and the host's loopback services as 10.0.2.2) or restricted (only the "
                    + "forwards below); default: no network")
    String net;

    @Option(
            names = "--ssh-port",
            paramLabel = "PORT",
            scope = ScopeType.INHERIT,
            description = "forward 127.0.0.1:PORT to an SSH server (dropbear) in the guest, with keys made in "
                    + "the run directory's ssh/; implies --net restricted unless --net user is given")
    Integer sshPort;

    @Option(
            names = "--cold",
            scope = ScopeType.INHERIT,
            description = "boot cold instead of restoring the guest's ready snapshot, and refresh the snapshot")
    boolean cold;

    @Option(
            names = "--no-snapshot",
            scope = ScopeType.INHERIT,
            description = "boot cold and save no snapshot (see mzsh snapshot list)")
    boolean noSnapshot;

    @Option(
            names = "--no-dump",
            scope = ScopeType.INHERIT,
            description = "when the guest kernel crashes, do not write its memory (vmcore) into the run directory")
    boolean noDump;

    static final List<String> NET_VALUES = List.of("user", "restricted", "none");

    /** --sim's values for shell completion. */
    static final class SimValues implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return SIM_VALUES.iterator();
        }
    }

    /** --net's values for shell completion. */
    static final class NetValues implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return NET_VALUES.iterator();
        }
    }

    public GuestOptions toOptions() {
        Path image = kernelImage();
        if (!SIM_VALUES.contains(sim)) {
            throw new UsageException("--sim takes " + String.join(", ", SIM_VALUES) + ", not '" + sim + "'");
        }
        if (smp < 1 || smp > 64) {
            throw new UsageException("--smp takes 1 to 64 CPUs, not " + smp);
        }
        if (bootTimeout < 1) {
            throw new UsageException("--boot-timeout takes a positive number of seconds");
        }
        for (Path d : extraDirs) {
            if (!d.toFile().isDirectory()) {
                throw new UsageException("--add " + d + ": not a directory");
            }
        }
        return new GuestOptions(
                Optional.ofNullable(image),
                Optional.ofNullable(initrd),
                append,
                Optional.ofNullable(mem).map(GuestOptionsMixin::parseMiB),
                smp,
                sim,
                Duration.ofSeconds(bootTimeout),
                List.copyOf(extraDirs),
                vmlinux(image),
                networkCard()
                        ? GuestOptions.userNetwork(!"user".equals(net), Optional.ofNullable(sshPort))
                        : Optional.empty(),
                noSnapshot
                        ? GuestOptions.SnapshotUse.OFF
                        : cold ? GuestOptions.SnapshotUse.COLD : GuestOptions.SnapshotUse.AUTO,
                !noDump);
    }

    /** Checks --net and --ssh-port together; whether they ask for a network card. */
    private boolean networkCard() {
        if (net != null && !NET_VALUES.contains(net)) {
            throw new UsageException("--net takes " + String.join(", ", NET_VALUES) + ", not '" + net + "'");
        }
        if (sshPort != null) {
            if (sshPort < 1 || sshPort > 65535) {
                throw new UsageException("--ssh-port takes a TCP port from 1 to 65535, not " + sshPort);
            }
            if ("none".equals(net)) {
                throw new UsageException("--ssh-port needs a network; drop --net none");
            }
            if (initrd != null) {
                throw new UsageException("--ssh-port needs mzsh's own initramfs (the SSH server and this run's keys "
                        + "go into it); drop --initrd");
            }
        }
        return sshPort != null || (net != null && !net.equals("none"));
    }

    /** --kernel, or the bzImage of the --kernel-build directory. */
    Path kernelImage() {
        if (kernelBuild == null) {
            return kernel;
        }
        if (kernel != null) {
            throw new UsageException("give either --kernel or --kernel-build, not both");
        }
        Path image = kernelBuild.resolve(KernelBuildTree.IMAGE);
        if (!Files.isRegularFile(image) || KernelBuildTree.containing(image).isEmpty()) {
            throw new HostMissingException(
                    "a kernel build in " + kernelBuild + " (no " + KernelBuildTree.IMAGE
                            + " and .config there); build one with: mzsh kernel build --source TREE --out "
                            + kernelBuild,
                    List.of());
        }
        return image;
    }

    private Optional<Path> vmlinux(Path kernel) {
        if (vmlinux != null) {
            if (!vmlinux.toFile().isFile()) {
                throw new UsageException("--vmlinux " + vmlinux + ": no such file");
            }
            return Optional.of(vmlinux);
        }
        return Optional.ofNullable(kernel)
                .map(k -> k.toAbsolutePath().getParent())
                .flatMap(dir -> Stream.of(dir, dir.resolve("../../.."))
                        .map(d -> d.resolve("vmlinux").normalize())
                        .filter(f -> f.toFile().isFile())
                        .findFirst());
    }

    /** "2G", "1536M", "1536" (MiB) to MiB. */
    static int parseMiB(String s) {
        String t = s.strip().toUpperCase();
        try {
            long v;
            if (t.endsWith("G") || t.endsWith("GB") || t.endsWith("GIB")) {
                v = Long.parseLong(t.replaceAll("[GIB]+$", "")) * 1024;
            } else if (t.endsWith("M") || t.endsWith("MB") || t.endsWith("MIB")) {
                v = Long.parseLong(t.replaceAll("[MIB]+$", ""));
            } else {
                v = Long.parseLong(t);
            }
            if (v < 128 || v > 1024 * 1024) {
                throw new UsageException("--mem " + s + ": give between 128M and 1024G");
            }
            return (int) v;
        } catch (NumberFormatException e) {
            throw new UsageException("--mem " + s + ": not a size; use e.g. 2G or 1536M");
        }
    }
}
