package dev.mzsh.commands;

import dev.mzsh.machine.ExecResult;
import dev.mzsh.memorizer.ExperimentSequence;
import dev.mzsh.memorizer.ExperimentUnderWay;
import dev.mzsh.memorizer.Memorizer;
import dev.mzsh.memorizer.Mode;
import dev.mzsh.memorizer.PoolWatch;
import java.nio.file.Path;
import java.time.Duration;
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
            "%nFails (status 1) when CMD fails; the kmap is saved all the same."
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

    @Parameters(arity = "1..*", paramLabel = "CMD", description = "the guest command line (after --)")
    List<String> words;

    @Override
    public Integer call() throws Exception {
        Optional<Path> dest = Optional.ofNullable(to).map(t -> KmapDumper.checkDestination(t, "experiment"));
        String command = line.rawFrom(line.words().size() - words.size());
        Memorizer m = ctx.session().memorizer();
        // before prepare clears anything: a 4.x kernel has no modes 2 and 3
        m.checkSupported(mode);
        ExperimentSequence seq = new ExperimentSequence(m);
        PoolWatch pool = new PoolWatch(m);
        long outagesBefore = pool.outages();
        seq.begin(mode, command);
        ExecResult r;
        boolean stopped;
        Path file;
        try {
            ctx.report()
                    .println("experiment: preparing (clear dead, drain kmap, clear printed, live "
                            + (live ? "on" : "off") + ", access logging " + (noAccess ? "off" : "on") + ")");
            seq.prepare(live, !noAccess);
            ctx.report().println("experiment: mode " + mode.describe() + ", running: " + command);
            seq.reached(ExperimentUnderWay.Stage.TRACING);
            try {
                r = m.target().exec(seq.tracedScript(mode, command), Duration.ZERO, ctx.out(), ctx.err());
            } finally {
                seq.switchOff();
            }
            stopped = seq.stoppedByItself();
            seq.reached(ExperimentUnderWay.Stage.READING_KMAP);
            file = new KmapDumper(ctx, "experiment").dump(m, dest);
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
                    + " is incomplete; give the kernel more memory for Memorizer (memalloc_size=N) or trace a shorter"
                    + " command");
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
}
