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
        if (vmlinux.isPresent()) {
            Path file = vmlinux.get().toAbsolutePath();
            Path dir = file.getParent();
            // gdb refuses to auto-load scripts from untrusted directories; -iex runs before the file loads.
            if (dir != null && Files.isRegularFile(dir.resolve(KERNEL_HELPERS))) {
                a.addAll(List.of("-iex", "add-auto-load-safe-path " + dir));
            }
            a.add(file.toString());
        }
        a.addAll(List.of("-ex", "target remote " + stub));
        return a;
    }
}
