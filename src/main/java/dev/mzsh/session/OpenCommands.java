package dev.mzsh.session;

import dev.mzsh.vm.GdbCommandLine;
import dev.mzsh.vm.QemuCommandLine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The exact command lines that open a run's crash dump in gdb, crash and drgn, for a user to paste. */
public final class OpenCommands {
    private OpenCommands() {}

    /**
     * @param files  the dump files written (vmcore, vmcore.kdump)
     * @param cpu    the CPU that crashed, when the console showed it (gdb starts in its thread)
     * @param runDir the run directory
     */
    public static List<String> of(List<Path> files, Optional<Path> vmlinux, Optional<Integer> cpu, Path runDir) {
        Optional<Path> elf = files.stream()
                .filter(f -> f.getFileName().toString().equals(CrashEvidence.ELF_NAME))
                .findFirst();
        Optional<Path> kdump = files.stream()
                .filter(f -> f.getFileName().toString().equals(CrashEvidence.KDUMP_NAME))
                .findFirst();
        String sym = vmlinux.map(Path::toString).orElse("VMLINUX");
        List<String> out = new ArrayList<>();
        if (elf.isPresent()) {
            out.add("gdb:   "
                    + QemuCommandLine.toShell(GdbCommandLine.forCore("gdb", vmlinux, elf.get(), cpu.map(c -> c + 1)))
                    + "   (bt, lx-dmesg, lx-ps)");
        }
        Path forCrash = kdump.orElse(elf.orElse(null));
        if (forCrash != null) {
            out.add("crash: " + QemuCommandLine.toShell(List.of("crash", sym, forCrash.toString())));
            out.add("drgn:  "
                    + QemuCommandLine.toShell(
                            List.of("drgn", "-c", elf.orElse(forCrash).toString(), "-s", sym)));
        }
        if (elf.isPresent()) {
            out.add("mzsh:  " + QemuCommandLine.toShell(List.of("mzsh", "crash", runDir.toString()))
                    + "   (gdb with the kernel's lx- helpers; 'vmcore' in the shell)");
        }
        return out;
    }
}
