package dev.mzsh.commands;

import dev.mzsh.kmap.Quantity;
import dev.mzsh.machine.ExecResult;
import dev.mzsh.memorizer.Control;
import dev.mzsh.memorizer.ExperimentSequence;
import dev.mzsh.memorizer.ExperimentUnderWay;
import dev.mzsh.memorizer.KmapDrain;
import dev.mzsh.memorizer.KmapFiles;
import dev.mzsh.memorizer.Memorizer;
import dev.mzsh.memorizer.Mode;
import dev.mzsh.memorizer.PoolDrain;
import dev.mzsh.memorizer.PoolWatch;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "experiment",
        header = "Trace one guest command and bring its kmap home.",
        description = {
            "%nThe canonical sequence in one verb: clear dead objects, drain kmap, clear printed objects, set "
                    + "live and access logging, enable MODE, run CMD (from the shell that wrote the mode, so modes 2 "
                    + "and 3 trace exactly CMD and its children), disable, dump-kmap (kmap-NNN.kmap in the run "
                    + "directory) and a summary.",
            "%nWith --drain, a long CMD does not run Memorizer's pool out: whenever the pool is --drain-at percent "
                    + "full, mzsh appends what kmap prints to the run's kmap and writes clear_printed_list, as "
                    + "upstream's memorizer.py does; the final dump is appended at the end.",
            "%nFails (status 1) when CMD fails; the kmap is saved all the same. Fails when the pool ran out "
                    + "(the kmap is incomplete) or a drain failed (the kmap is saved as kmap-NNN.kmap.incomplete)."
        })
public final class ExperimentCommand extends Verb {
    @Option(
            names = "--mode",
            paramLabel = "M",
            defaultValue = "1",
            converter = ModeConverter.Traced.class,
            completionCandidates = ModeConverter.Traced.Words.class,
            description = "1 whole system (default), 2 CMD and interrupts, 3 CMD only")
    Mode mode;

    @Option(names = "--live", description = "report objects still live at the end too (default: freed ones only)")
    boolean live;

    @Option(names = "--no-access", description = "do not record memory accesses")
    boolean noAccess;

    @Option(names = "--to", paramLabel = "FILE", description = "write the kmap here (a new file)")
    Path to;

    @Option(
            names = "--drain",
            description = "drain the kmap into the run's kmap whenever Memorizer's pool passes --drain-at")
    boolean drain;

    @Option(
            names = "--drain-at",
            paramLabel = "PCT",
            description = "the pool fill level, in percent (1..99), at which --drain drains (default: 80)")
    Integer drainAt;

    /** How often --drain reads the pool's fill level. */
    private static final Duration DRAIN_POLL = Duration.ofMillis(500);

    @Parameters(arity = "1..*", paramLabel = "CMD", description = "the guest command line (after --)")
    List<String> words;

    @Override
    public Integer call() throws Exception {
        if (drainAt != null && !drain) {
            throw new UsageException("experiment: --drain-at needs --drain");
        }
        int drainPercent = drainAt == null ? 80 : drainAt;
        if (drainPercent < 1 || drainPercent > 99) {
            throw new UsageException("experiment: --drain-at " + drainPercent + ": give a percentage from 1 to 99");
        }
        Optional<Path> dest = Optional.ofNullable(to).map(t -> KmapDumper.checkDestination(t, "experiment"));
        String command = line.rawFrom(line.words().size() - words.size());
        Memorizer m = ctx.session().memorizer();
        // before prepare clears anything: a 4.x kernel has no modes 2 and 3
        m.checkSupported(mode);
        ExperimentSequence seq = new ExperimentSequence(m);
        PoolWatch pool = new PoolWatch(m);
        long outagesBefore = pool.outages();
        Path runDir = ctx.session().run().path();
        KmapDrain drainer = drain
                ? new KmapDrain(
                        m,
                        runDir,
                        "kmap-drain-" + ProcessHandle.current().pid() + "-" + System.nanoTime(),
                        mode,
                        live,
                        outagesBefore)
                : null;
        if (drainer != null && drainer.level().isEmpty()) {
            throw new CommandFailedException(
                    "experiment --drain: this kernel's " + m.abi().path(Control.STATS)
                            + " states no pool fill level (memorizer-sim's 'pool_used' and 'capacity'), so mzsh cannot"
                            + " tell when to drain; run without --drain");
        }
        seq.begin(mode, command);
        ExecResult r;
        boolean stopped;
        Path file;
        PoolDrain watch = null;
        PoolDrain.Outcome drained = null;
        try {
            ctx.report()
                    .println("experiment: preparing (clear dead, drain kmap, clear printed, live "
                            + (live ? "on" : "off") + ", access logging " + (noAccess ? "off" : "on") + ")");
            seq.prepare(live, !noAccess);
            ctx.report().println("experiment: mode " + mode.describe() + ", running: " + command);
            if (drainer != null) {
                ctx.report()
                        .println("experiment: draining the kmap whenever Memorizer's pool is " + drainPercent
                                + " % full");
                watch = new PoolDrain(
                        drainer,
                        drainPercent,
                        DRAIN_POLL,
                        (n, at, piece) -> ctx.report()
                                .println("experiment: drain " + n + ": the pool held " + at + "; saved and cleared"));
                watch.start();
            }
            seq.reached(ExperimentUnderWay.Stage.TRACING);
            try {
                r = m.target().exec(seq.tracedScript(mode, command), Duration.ZERO, ctx.out(), ctx.err());
            } finally {
                if (watch != null) {
                    drained = watch.finish();
                }
                seq.switchOff();
            }
            // a drain's opening kmap switches the newest kernels off too: then only the log tells
            stopped = seq.stoppedByItself() && drainer == null;
            seq.reached(ExperimentUnderWay.Stage.READING_KMAP);
            KmapDumper dumper = new KmapDumper(ctx, "experiment");
            file = drained == null ? dumper.dump(m, dest) : joinDrained(m, drainer, drained, dest, dumper);
        } finally {
            // a guest that crashed keeps the mark: the crash report (written after this) says how far it got
            if (m.target().alive()) {
                seq.end();
            }
        }
        new KmapSummaryPrinter(ctx).summarize(file);
        // either sign: the mode found at 0 when the command ended, or the kernel's log line (its
        // worker may log it a moment after the mode dropped)
        if (stopped || pool.outages() > outagesBefore) {
            throw new CommandFailedException("experiment: Memorizer's pool ran out during the run (the kernel logged \""
                    + PoolWatch.LOG_LINE + "\" and stopped tracing): the kmap " + file.getFileName()
                    + " is incomplete; give the kernel more memory for Memorizer (memalloc_size=N)"
                    + (drain ? ", drain earlier (a lower --drain-at)" : ", run with --drain")
                    + " or trace a shorter command");
        }
        if (drained != null && drained.failure().isPresent()) {
            Exception e = drained.failure().get();
            throw new CommandFailedException("experiment: draining the kmap failed after "
                    + drained.pieces().size()
                    + " drains (" + e.getMessage() + "); what was saved is in " + file.getFileName()
                    + ", which lacks the objects of the failed drain");
        }
        if (r.status() == 125) {
            throw new CommandFailedException("experiment: the kernel refused mode " + mode.value());
        }
        if (r.status() != 0) {
            throw new CommandFailedException(
                    "experiment: exit status " + r.status() + ": " + command + " (the kmap was saved)");
        }
        return 0;
    }

    /**
     * The drained pieces and the final dump as one kmap: {@code --to} or the next kmap-NNN.kmap,
     * with {@code .incomplete} appended when a drain failed (its objects are missing). Should
     * the final dump fail, the drained pieces are still joined (incomplete) before the error.
     */
    private Path joinDrained(
            Memorizer m, KmapDrain drainer, PoolDrain.Outcome drained, Optional<Path> dest, KmapDumper dumper)
            throws IOException, InterruptedException {
        List<Path> pieces = new ArrayList<>(drained.pieces());
        Path runDir = ctx.session().run().path();
        Path last;
        try {
            last = dumper.dumpPiece(m, drainer.piece(pieces.size() + 1));
        } catch (IOException | RuntimeException e) {
            if (!pieces.isEmpty()) {
                Path kept = publishJoined(pieces, dest, runDir, false);
                ctx.err().println("experiment: the final dump failed; the " + pieces.size() + " drains are in " + kept);
            }
            throw e;
        }
        pieces.add(last);
        Path file = publishJoined(pieces, dest, runDir, drained.failure().isEmpty());
        ctx.report()
                .println("experiment: " + file.getFileName() + ": " + (pieces.size() - 1)
                        + " drains and the final dump, " + Quantity.bytes(Files.size(file)));
        return file;
    }

    private static Path publishJoined(List<Path> pieces, Optional<Path> dest, Path runDir, boolean complete)
            throws IOException {
        if (dest.isEmpty()) {
            return KmapFiles.publishJoinedNumbered(pieces, runDir, complete);
        }
        Path target =
                complete ? dest.get() : dest.get().resolveSibling(dest.get().getFileName() + KmapFiles.INCOMPLETE);
        try {
            KmapFiles.publishJoined(pieces, target);
        } catch (FileAlreadyExistsException e) {
            throw new CommandFailedException("experiment: " + target + " appeared meanwhile; mzsh never overwrites;"
                    + " the drained pieces are kept in " + runDir);
        }
        return target;
    }
}
