package dev.mzsh.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Looks for everything mzsh uses on the host. Reads only; installs nothing. */
public final class HostProbe {
    public static final Requirement QEMU = new Requirement(
            "qemu-system-x86_64",
            "boots the guest",
            List.of(Path.of("/usr/bin/qemu-system-x86_64"), Path.of("/usr/local/bin/qemu-system-x86_64")),
            "qemu-system-x86",
            true);
    public static final Requirement BUSYBOX = new Requirement(
            "busybox (static)",
            "guest userland",
            List.of(Path.of("/bin/busybox"), Path.of("/usr/bin/busybox")),
            "busybox-static",
            true);
    public static final Requirement BASH = new Requirement(
            "bash (static)",
            "guest bash, needed by BATS",
            List.of(Path.of("/bin/bash-static"), Path.of("/usr/bin/bash-static")),
            "bash-static",
            true);
    public static final Requirement BATS =
            new Requirement("bats", "guest test runner", List.of(Path.of("/usr/bin/bats")), "bats", true);
    public static final Requirement BATS_SUPPORT = new Requirement(
            "bats-support",
            "BATS helper library",
            List.of(Path.of("/usr/lib/bats/bats-support/load.bash")),
            "bats-support",
            true);
    public static final Requirement BATS_ASSERT = new Requirement(
            "bats-assert",
            "BATS helper library",
            List.of(Path.of("/usr/lib/bats/bats-assert/load.bash")),
            "bats-assert",
            true);
    public static final Requirement BATS_FILE = new Requirement(
            "bats-file",
            "BATS helper library",
            List.of(Path.of("/usr/lib/bats/bats-file/load.bash")),
            "bats-file",
            false);
    public static final Requirement GDB =
            new Requirement("gdb", "debugging the guest kernel", List.of(Path.of("/usr/bin/gdb")), "gdb", false);
    public static final Requirement MAKE =
            new Requirement("make", "building memorizer-sim", List.of(Path.of("/usr/bin/make")), "make", true);
    public static final Requirement GCC = new Requirement(
            "gcc", "building memorizer-sim and the guest's mzsh-copy", List.of(Path.of("/usr/bin/gcc")), "gcc", true);
    public static final Requirement LIBC_STATIC = new Requirement(
            "static libc (libc.a)",
            "linking the guest's mzsh-copy statically",
            List.of(Path.of("/usr/lib/x86_64-linux-gnu/libc.a"), Path.of("/usr/lib/libc.a")),
            "libc6-dev",
            true);
    public static final Requirement CPIO = new Requirement(
            "cpio",
            "listing initramfs images by hand",
            List.of(Path.of("/usr/bin/cpio"), Path.of("/bin/cpio")),
            "cpio",
            false);

    public static final Requirement DROPBEAR = new Requirement(
            "dropbear",
            "the guest's SSH server (--ssh-port)",
            List.of(Path.of("/usr/sbin/dropbear")),
            "dropbear-bin",
            false);
    public static final Requirement DROPBEARKEY = new Requirement(
            "dropbearkey", "SSH keys for --ssh-port", List.of(Path.of("/usr/bin/dropbearkey")), "dropbear-bin", false);
    public static final Requirement DROPBEARCONVERT = new Requirement(
            "dropbearconvert",
            "the --ssh-port client key in OpenSSH's format",
            List.of(Path.of("/usr/bin/dropbearconvert"), Path.of("/usr/lib/dropbear/dropbearconvert")),
            "dropbear-bin",
            false);
    public static final Requirement SFTP_SERVER = new Requirement(
            "sftp-server",
            "SFTP in the guest (--ssh-port)",
            List.of(Path.of("/usr/lib/openssh/sftp-server")),
            "openssh-sftp-server",
            false);

    /** What --ssh-port needs from the host: the server for the guest, and the key tools. */
    public static final List<Requirement> SSH_SERVER = List.of(DROPBEAR, DROPBEARKEY, DROPBEARCONVERT);

    public static final Requirement SETPRIV = new Requirement(
            "setpriv",
            "ends QEMU when mzsh dies (its parent-death signal)",
            List.of(Path.of("/usr/bin/setpriv"), Path.of("/bin/setpriv")),
            "util-linux",
            true);

    public static final Requirement TMUX = new Requirement(
            "tmux", "end-to-end tests of the interactive front ends", List.of(Path.of("/usr/bin/tmux")), "tmux", false);

    /** Everything `mzsh setup` installs; the kernel build tools last (optional: only `mzsh kernel build` needs them). */
    public static final List<Requirement> TOOLS = Stream.concat(
                    Stream.of(
                            QEMU,
                            SETPRIV,
                            BUSYBOX,
                            BASH,
                            BATS,
                            BATS_SUPPORT,
                            BATS_ASSERT,
                            BATS_FILE,
                            GDB,
                            MAKE,
                            GCC,
                            LIBC_STATIC,
                            CPIO,
                            TMUX,
                            DROPBEAR,
                            DROPBEARKEY,
                            DROPBEARCONVERT,
                            SFTP_SERVER),
                    KernelBuildTools.ALL.stream()
                            .filter(r -> !r.name().equals("make") && !r.name().equals("gcc")))
            .toList();

    /** What was found already: require() after findAll() reads nothing again. Misses are not kept. */
    private final Map<Requirement, Finding> found = new HashMap<>();

    public Finding find(Requirement r) {
        Finding known = found.get(r);
        if (known != null) {
            return known;
        }
        Finding f = probe(r);
        if (f.found()) {
            found.put(r, f);
        }
        return f;
    }

    private Finding probe(Requirement r) {
        for (Path p : r.candidates()) {
            if (Files.isRegularFile(p) && Files.isReadable(p)) {
                String detail = staticCheck(r, p);
                if (detail == null) {
                    return new Finding(r, Optional.of(p), "");
                }
                return new Finding(r, Optional.empty(), detail);
            }
        }
        return new Finding(r, Optional.empty(), "not found");
    }

    public List<Finding> findAll() {
        List<Finding> all = new ArrayList<>();
        for (Requirement r : TOOLS) {
            all.add(find(r));
        }
        return all;
    }

    /** The path of a tool that must be there; a clear error naming the package otherwise. */
    public Path require(Requirement r) {
        Finding f = find(r);
        if (!f.found()) {
            throw new HostMissingException(r.name() + " " + f.detail(), List.of(r.debianPackage()));
        }
        return f.path().get();
    }

    /** Packages to install for everything required that is missing. */
    public static List<String> missingPackages(List<Finding> findings, boolean includeOptional) {
        LinkedHashSet<String> pkgs = new LinkedHashSet<>();
        for (Finding f : findings) {
            if (!f.found() && (includeOptional || f.requirement().required())) {
                pkgs.add(f.requirement().debianPackage());
            }
        }
        return List.copyOf(pkgs);
    }

    /** The guest runs these binaries without a loader, so a dynamic one is as good as missing. */
    private static String staticCheck(Requirement r, Path p) {
        if (r != BUSYBOX && r != BASH) {
            return null;
        }
        return ElfInfo.isStatic(p) ? null : p + " is dynamically linked (the guest has no libraries)";
    }

    /**
     * KVM is usable when /dev/kvm can be opened for reading and writing and the CPU
     * offers virtualization (vmx/svm). A nested VM may expose /dev/kvm without them:
     * QEMU then starts but the guest never runs.
     */
    public static boolean kvmUsable() {
        Path kvm = Path.of("/dev/kvm");
        if (!(Files.exists(kvm) && Files.isReadable(kvm) && Files.isWritable(kvm))) {
            return false;
        }
        try (java.util.stream.Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("flags"))
                    .findFirst()
                    .map(l -> l.matches(".*\\b(vmx|svm)\\b.*"))
                    .orElse(false);
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }
}
