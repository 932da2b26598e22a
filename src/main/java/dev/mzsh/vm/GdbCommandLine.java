package dev.mzsh.vm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The host gdb's argument list for debugging the guest kernel through QEMU's gdbstub. */
public final class GdbCommandLine {
    /** The kernel's gdb helpers (lx-symbols, lx-dmesg, ...), built with CONFIG_GDB_SCRIPTS beside vmlinux. */
    public static final String KERNEL_HELPERS = "vmlinux-gdb.py";

    private GdbCommandLine() {}

    /**
     * @param gdb     the gdb binary
     * @param vmlinux the kernel's ELF with symbols, or empty: gdb then runs without a file and learns the
     *                architecture from QEMU's target description
     * @param stub    the gdbstub's unix socket
     */
    public static List<String> build(Path gdb, Optional<Path> vmlinux, Path stub) {
        List<String> a = new ArrayList<>(List.of(gdb.toString(), "-q"));
        symbols(a, vmlinux);
        a.addAll(List.of("-ex", "target remote " + stub));
        return a;
    }

    /**
     * gdb on a crash dump (ELF core) instead of a live guest: the same symbols and lx- helpers.
     *
     * @param thread the gdb thread to select (QEMU writes one per CPU, CPU n is thread n+1), or empty
     */
    public static List<String> forCore(String gdb, Optional<Path> vmlinux, Path core, Optional<Integer> thread) {
        List<String> a = new ArrayList<>(List.of(gdb, "-q"));
        symbols(a, vmlinux);
        if (vmlinux.isEmpty()) {
            // without a file gdb would not know the core is a 64-bit x86 kernel's
            a.addAll(List.of("-ex", "set architecture i386:x86-64"));
        }
        a.addAll(List.of("-ex", "core-file " + core.toAbsolutePath()));
        thread.ifPresent(t -> a.addAll(List.of("-ex", "thread " + t)));
        return a;
    }

    private static void symbols(List<String> a, Optional<Path> vmlinux) {
        if (vmlinux.isPresent()) {
            Path file = vmlinux.get().toAbsolutePath();
            Path dir = file.getParent();
            // gdb refuses to auto-load scripts from untrusted directories; -iex runs before the file loads.
            if (dir != null && Files.isRegularFile(dir.resolve(KERNEL_HELPERS))) {
                a.addAll(List.of("-iex", "add-auto-load-safe-path " + dir));
            }
            a.add(file.toString());
        }
    }
}
