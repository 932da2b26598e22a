package dev.mzsh.session;

import dev.mzsh.kmap.Quantity;
import dev.mzsh.memorizer.ExperimentUnderWay;
import dev.mzsh.memorizer.Memorizer;
import dev.mzsh.memorizer.MemorizerException;
import dev.mzsh.memorizer.StreamCapture;
import dev.mzsh.memorizer.Switch;
import dev.mzsh.memorizer.VerifiedCopy;
import dev.mzsh.vm.GuestFault;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Memorizer side of a crash, written before the guest's memory is dumped: a running
 * kmap_stream capture keeps what reached the host, verified, and a status-like report says
 * what Memorizer was doing (generation, mode and switches as last read - the guest can no
 * longer be asked), how far an experiment under way got (its kmap, read only at its end, is
 * never kept) and which command ran. Printed and kept as crash-report.txt.
 */
final class CrashReport {
    static final String NAME = "crash-report.txt";

    private CrashReport() {}

    static void write(
            RunDirectory run,
            String release,
            Optional<GuestFault> fault,
            Optional<Memorizer> memorizer,
            Optional<String> lastCommand,
            boolean dumping,
            PrintStream notices) {
        List<String> lines = new ArrayList<>();
        lines.add(row("kernel", release));
        fault.ifPresent(f -> lines.add(row("fault", f.kind().name().toLowerCase() + ": " + f.line())));
        if (memorizer.isPresent()) {
            Memorizer m = memorizer.get();
            lines.add(row("memorizer", m.abi().generation().description()));
            lines.add(row(
                    "mode",
                    m.lastKnownMode()
                                    .map(md -> md.describe() + " (as mzsh last read or wrote it)")
                                    .orElse("never read in this boot")
                            + m.armed()
                                    .map(a -> "; armed for the next exec: " + a.describe())
                                    .orElse("")));
            List<String> switches = new ArrayList<>();
            for (Switch s : Switch.values()) {
                m.lastKnownSwitch(s).ifPresent(on -> switches.add(s.label() + " " + (on ? "on" : "off")));
            }
            lines.add(row(
                    "switches",
                    switches.isEmpty()
                            ? "never read in this boot"
                            : String.join(", ", switches) + " (as mzsh last read or wrote it)"));
            m.stream().ifPresent(c -> lines.add(row("stream-kmap", salvage(c, run))));
            m.experiment().ifPresent(e -> lines.add(row("experiment", cutShort(e, dumping))));
        } else {
            lines.add(row("memorizer", "none found (or not asked) in this boot"));
        }
        lines.add(row("last command", lastCommand.orElse("none")));
        notices.println("mzsh: crash report (also in " + run.file(NAME) + "):");
        for (String l : lines) {
            notices.println("    " + l);
        }
        try {
            Files.write(run.file(NAME), lines);
        } catch (IOException e) {
            notices.println("mzsh: cannot write " + run.file(NAME) + ": " + e.getMessage());
        }
    }

    /** What an experiment the crash cut short left: never a kmap of it, and why. */
    static String cutShort(ExperimentUnderWay e, boolean dumping) {
        String what = "'" + e.command() + "' in mode " + e.mode().describe() + " ";
        String records = dumping
                ? "what Memorizer recorded is only in the guest's memory, which the vmcore holds"
                : "what Memorizer recorded went with the guest's memory (--no-dump)";
        return switch (e.stage()) {
            case PREPARING ->
                what + "crashed while being prepared, before tracing began: nothing of it was traced, "
                        + "so there is no kmap of it";
            case TRACING ->
                what + "crashed while traced: its kmap was never read, so none of it reached the host; " + records;
            case READING_KMAP ->
                what + "crashed while its kmap was copied to the host: the unverified part is " + "not kept; "
                        + records;
        };
    }

    /** Keeps the capture's verified part; says how much, or why nothing. */
    private static String salvage(StreamCapture c, RunDirectory run) {
        Path file = run.path().resolve(c.file().getFileName());
        try {
            VerifiedCopy v = c.salvage();
            return "kept " + Quantity.bytes(v.bytes()) + " (" + v.bytes() + " bytes) read before the crash in " + file
                    + ", " + v.verified() + "; anything after the reader's last check is not kept";
        } catch (MemorizerException | IOException e) {
            return "nothing kept of " + file.getFileName() + ": " + e.getMessage();
        }
    }

    private static String row(String key, String value) {
        return String.format("%-14s %s", key, value);
    }
}
