package dev.mzsh.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mzsh.vm.GdbCommandLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A run directory's crash dump as {@link CrashEvidence} left it: the ELF core gdb opens, the
 * kernel release, the vmlinux known at the time and the CPU that crashed (vmcore.json).
 *
 * @param elf     RUN/vmcore
 * @param release the crashed kernel's release
 * @param vmlinux its vmlinux with symbols, if one was known
 * @param cpu     the CPU whose report the console showed, if any
 */
public record CrashDump(Path elf, String release, Optional<Path> vmlinux, Optional<Integer> cpu) {
    /**
     * Reads {@code runDir}'s dump.
     *
     * @throws NoSuchFileException with a one-line reason when the run has no (ELF) dump
     */
    public static CrashDump load(Path runDir) throws IOException {
        Path elf = runDir.resolve(CrashEvidence.ELF_NAME).toAbsolutePath();
        Path info = runDir.resolve(CrashEvidence.INFO_NAME);
        if (!Files.isRegularFile(elf, LinkOption.NOFOLLOW_LINKS)
                || !Files.isRegularFile(info, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(runDir + " holds no crash dump (vmcore and vmcore.json): the guest did not "
                    + "crash in that run, ran with --no-dump, or the dump had no room (the run's output says which)");
        }
        JsonNode j = new ObjectMapper().readTree(info.toFile());
        Optional<Path> vmlinux =
                j.hasNonNull("vmlinux") ? Optional.of(Path.of(j.get("vmlinux").asText())) : Optional.empty();
        Optional<Integer> cpu = j.has("cpu") ? Optional.of(j.get("cpu").asInt()) : Optional.empty();
        return new CrashDump(elf, j.path("release").asText("unknown"), vmlinux, cpu);
    }

    /** The vmlinux to read it with: {@code given}, else the recorded one (if still there), else Debian's debug one. */
    public Optional<Path> symbols(Optional<Path> given) {
        return VmcoreSymbols.find(given.or(() -> vmlinux.filter(Files::isRegularFile)), release);
    }

    /** What is missing without symbols, and how to get it. */
    public String missingSymbols() {
        return VmcoreSymbols.missing(release);
    }

    /** gdb on the dump, in the crashed CPU's thread, with the kernel's lx- helpers when they sit beside vmlinux. */
    public List<String> gdbCommand(Path gdb, Optional<Path> vmlinux) {
        return GdbCommandLine.forCore(gdb.toString(), vmlinux, elf, cpu.map(c -> c + 1));
    }
}
