package dev.mzsh.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mzsh.kmap.Quantity;
import dev.mzsh.vm.ConsoleMonitor;
import dev.mzsh.vm.GuestDump;
import dev.mzsh.vm.GuestFault;
import dev.mzsh.vm.QemuProcess;
import dev.mzsh.vm.QmpClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a crashed guest leaves behind: its memory, written by QEMU into the run directory
 * while the guest's CPUs stand still (a panic pauses them through pvpanic; a fault the
 * console watch saw is stopped here), before QEMU ends. Two files: {@code vmcore} (ELF, the
 * one gdb reads) and {@code vmcore.kdump} (compressed kdump, for crash and drgn), each only
 * when there is room for it; a dump that cannot finish is removed and the reason said in one
 * line. {@code vmcore.json} records which kernel and vmlinux the dump belongs to, for
 * {@code mzsh crash RUN_DIR}.
 */
final class CrashEvidence {
    static final String ELF_NAME = "vmcore";
    static final String KDUMP_NAME = "vmcore.kdump";
    static final String INFO_NAME = "vmcore.json";
    /** ELF headers and per-CPU notes on top of the RAM. */
    private static final long ELF_OVERHEAD = 16L << 20;
    /** A compressed dump's size is unknown ahead; below this much room it is not even tried. */
    private static final long KDUMP_MIN_ROOM = 8L << 20;
    /** Left free on the disk, so that console.log and the messages still have room (a dump that
     *  does not fit is removed at once anyway). */
    private static final long RESERVE = 1L << 20;

    private static final long PROGRESS_EVERY_NANOS = 5_000_000_000L;
    /** "CPU: 1 PID: 112 Comm: sh ..." in the fault's report: the CPU that crashed. */
    private static final Pattern CPU_LINE = Pattern.compile("\\bCPU: (\\d{1,4}) PID: ");

    /** One dump file that was written. */
    record Written(Path file, GuestDump.Format format, long bytes) {}

    private final RunDirectory run;
    private final String release;
    private final Optional<Path> vmlinux;
    private final long limit;
    private final PrintStream notices;

    CrashEvidence(RunDirectory run, String release, Optional<Path> vmlinux, long limit, PrintStream notices) {
        this.run = run;
        this.release = release;
        this.vmlinux = VmcoreSymbols.find(vmlinux, release);
        this.limit = limit;
        this.notices = notices;
    }

    /** A guest that crashed during its boot (a panic the launcher saw) is dumped as well, unless --no-dump. */
    static void afterFailedBoot(
            Throwable failure,
            GuestOptions options,
            RunDirectory run,
            String release,
            QemuProcess qemu,
            QmpClient qmp,
            ConsoleMonitor console,
            PrintStream notices) {
        if (failure instanceof GuestFailedException
                && qmp != null
                && options.dumpOnCrash()
                && qemu.isAlive()
                && console.fault().isPresent()) {
            new CrashEvidence(run, release, options.vmlinux(), RunBounds.dumpMax(), notices).collect(qemu, qmp);
        }
    }

    /**
     * Stops the guest's CPUs if they still run, writes the dumps, and prints where they are and
     * how to open them. Never throws: evidence is collected as far as it goes. Returns whether
     * QEMU must be ended at once (a dump that QEMU may still be writing).
     */
    boolean collect(QemuProcess qemu, QmpClient qmp) {
        if (!qemu.isAlive()) {
            notices.println("mzsh: no vmcore: QEMU had already exited (status " + qemu.exitValue()
                    + "), the guest's memory went with it");
            return false;
        }
        long t0 = System.nanoTime();
        GuestDump dump = new GuestDump(qmp);
        List<Written> written = new ArrayList<>();
        try {
            // A fault the console watch saw leaves the CPUs running: the memory must hold still.
            if ("running".equals(qmp.execute("query-status").path("status").asText())) {
                qmp.execute("stop");
            }
            long ram = dump.guestMemory();
            List<GuestDump.Format> formats = dump.formats();
            Optional<Written> elf = write(dump, ELF_NAME, GuestDump.Format.ELF, formats, ram + ELF_OVERHEAD, true);
            elf.ifPresent(written::add);
            Optional<GuestDump.Format> kdump =
                    formats.stream().filter(f -> f != GuestDump.Format.ELF).findFirst();
            if (kdump.isEmpty()) {
                notices.println("mzsh: no " + KDUMP_NAME + ": this QEMU writes no compressed kdump format");
            } else {
                write(dump, KDUMP_NAME, kdump.get(), formats, ram + ELF_OVERHEAD, false)
                        .ifPresent(written::add);
            }
        } catch (GuestDump.DumpFailedException e) {
            return true;
        } catch (IOException e) {
            notices.println("mzsh: the crash dump stopped: " + e.getMessage());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            notices.println("mzsh: the crash dump was cancelled; its partial file is removed");
            return true;
        }
        if (!written.isEmpty()) {
            // the console's fault as it stands after the dump: a crash noticed first another way
            // (pvpanic's GUEST_PANICKED) may have been handled before its panic line was read
            ConsoleMonitor console = qemu.console();
            Optional<Integer> cpu = console.fault().flatMap(f -> crashedCpu(f, console.tail()));
            recordInfo(written, cpu);
            report(written, cpu, System.nanoTime() - t0);
        }
        return false;
    }

    /**
     * One dump, when the limit and the free space allow it. An ELF dump's size is known (the
     * RAM), so it is checked before; a compressed one is tried when there is some room and
     * given up when it outgrows it.
     *
     * @throws GuestDump.DumpFailedException (already reported) when QEMU must be ended
     */
    private Optional<Written> write(
            GuestDump dump,
            String name,
            GuestDump.Format format,
            List<GuestDump.Format> formats,
            long maxSize,
            boolean sizeKnown)
            throws IOException, InterruptedException {
        if (!formats.contains(format)) {
            notices.println("mzsh: no " + name + ": this QEMU cannot write " + format.qmpName());
            return Optional.empty();
        }
        Path file = run.file(name);
        long free = Files.getFileStore(run.path()).getUsableSpace() - RESERVE;
        long room = Math.min(limit, free);
        String where = limit < free
                ? "the dump limit (MZSH_DUMP_MAX) is " + Quantity.bytes(limit)
                : run.path() + " has " + Quantity.bytes(Math.max(0, free)) + " free";
        if (sizeKnown ? room < maxSize : room < KDUMP_MIN_ROOM) {
            notices.println("mzsh: no " + name + ": it needs " + (sizeKnown ? "" : "at least ")
                    + Quantity.bytes(sizeKnown ? maxSize : KDUMP_MIN_ROOM) + " and " + where);
            return Optional.empty();
        }
        notices.println("mzsh: writing the guest's memory to " + file + " (" + format.qmpName() + ") ...");
        long[] lastShown = {System.nanoTime()};
        try {
            long bytes = dump.write(file, format, Math.min(room, maxSize), p -> {
                long now = System.nanoTime();
                if (now - lastShown[0] >= PROGRESS_EVERY_NANOS && p.total() > 0) {
                    lastShown[0] = now;
                    notices.printf(
                            "mzsh: %s: %d%% of %s%n", name, p.completed() * 100 / p.total(), Quantity.bytes(p.total()));
                }
            });
            return Optional.of(new Written(file, format, bytes));
        } catch (GuestDump.DumpFailedException e) {
            String why = e.getMessage();
            if (!sizeKnown && why.startsWith("it outgrew")) {
                why = "it did not fit: " + where;
            }
            notices.println("mzsh: no " + name + " (partial file removed): " + why);
            if (e.qemuMustEnd()) {
                throw e;
            }
            return Optional.empty();
        }
    }

    /** The CPU named in the fault's report ("CPU: 1 PID: ..." after its first line), if the console showed it. */
    static Optional<Integer> crashedCpu(GuestFault fault, List<String> consoleTail) {
        int from = 0;
        for (int i = 0; i < consoleTail.size(); i++) {
            if (consoleTail.get(i).strip().equals(fault.line())) {
                from = i;
            }
        }
        for (String l : consoleTail.subList(from, consoleTail.size())) {
            Matcher m = CPU_LINE.matcher(l);
            if (m.find()) {
                return Optional.of(Integer.parseInt(m.group(1)));
            }
        }
        return Optional.empty();
    }

    private void recordInfo(List<Written> written, Optional<Integer> cpu) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode info = json.createObjectNode().put("release", release);
        vmlinux.ifPresent(v -> info.put("vmlinux", v.toString()));
        cpu.ifPresent(c -> info.put("cpu", c));
        for (Written w : written) {
            info.set(
                    w.file().getFileName().toString(),
                    json.valueToTree(Map.of("format", w.format().qmpName(), "bytes", w.bytes())));
        }
        try {
            Files.writeString(
                    run.file(INFO_NAME), json.writerWithDefaultPrettyPrinter().writeValueAsString(info) + "\n");
        } catch (IOException e) {
            notices.println("mzsh: cannot write " + run.file(INFO_NAME) + ": " + e.getMessage());
        }
    }

    private void report(List<Written> written, Optional<Integer> cpu, long nanos) {
        List<String> parts = new ArrayList<>();
        for (Written w : written) {
            parts.add(w.file() + " (" + Quantity.bytes(w.bytes()) + ", "
                    + w.format().qmpName() + ")");
        }
        notices.printf("mzsh: crash dump in %.1f s: %s%n", nanos / 1e9, String.join(", ", parts));
        notices.println("mzsh: open it with:");
        for (String line : OpenCommands.of(written.stream().map(Written::file).toList(), vmlinux, cpu, run.path())) {
            notices.println("    " + line);
        }
        if (vmlinux.isEmpty()) {
            notices.println("mzsh: " + VmcoreSymbols.missing(release));
        }
    }
}
