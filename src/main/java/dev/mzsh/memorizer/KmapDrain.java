package dev.mzsh.memorizer;

import dev.mzsh.machine.SharedDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The guest's Memorizer as a {@link PoolDrain.Pool}: the fill level from its statistics file,
 * and a drain that copies kmap (verified, as dump-kmap does) into a hidden piece in the run
 * directory, then writes {@code clear_printed_list} so the pool drops the freed objects just
 * saved.
 *
 * <p>Live objects are not printed by a drain (live reporting is off while it reads), so each
 * object is saved once: freed ones by the drain that saw them, live ones by the final dump.
 * Opening kmap switches the newest kernels off; the drain switches the experiment's mode back
 * on, unless the kernel logged its pool running out meanwhile (then tracing stays off, and
 * the experiment reports the outage).
 */
public final class KmapDrain implements PoolDrain.Pool {
    private final Memorizer m;
    private final Path runDir;
    private final String prefix;
    private final Mode mode;
    private final boolean live;
    private final long outagesBefore;

    /**
     * @param prefix        names this experiment's pieces in the run directory (hidden files)
     * @param mode          the experiment's mode, written again when opening kmap switched it off
     * @param live          whether live reporting is on for the experiment (off while draining)
     * @param outagesBefore the kernel log's count of pool outages when the experiment began
     */
    public KmapDrain(Memorizer m, Path runDir, String prefix, Mode mode, boolean live, long outagesBefore) {
        this.m = m;
        this.runDir = runDir;
        this.prefix = prefix;
        this.mode = mode;
        this.live = live;
        this.outagesBefore = outagesBefore;
    }

    @Override
    public Optional<PoolLevel> level() throws IOException, InterruptedException {
        return PoolLevel.parse(m.read(Control.STATS));
    }

    /** Where piece {@code n} is kept until the pieces are joined. */
    public Path piece(int n) {
        return runDir.resolve(String.format(".%s-%03d.piece", prefix, n));
    }

    @Override
    public Path drain(int n) throws IOException, InterruptedException {
        String liveFile = m.abi().path(Control.LOG_LIVE);
        if (live) {
            m.run("echo -n 0 > " + liveFile);
        }
        Path piece = piece(n);
        boolean saved = false;
        try {
            KmapTransport transport = new KmapTransport(m, runDir);
            SharedDirectory landing = transport.landing();
            Path part = landing.host()
                    .resolve(".kmap-drain-" + ProcessHandle.current().pid() + "-" + n + ".part");
            VerifiedCopy c = transport.copy(part, (bytes, elapsed, total) -> {});
            try {
                KmapFiles.publish(landing, c, piece);
            } finally {
                Files.deleteIfExists(part);
            }
            saved = true;
        } finally {
            // only what was saved may be dropped; the mode and live reporting come back either way
            m.run(afterScript(saved));
        }
        return piece;
    }

    private String afterScript(boolean saved) {
        String enabled = m.abi().path(Control.ENABLED);
        return (saved ? "echo -n 1 > " + m.abi().path(Control.CLEAR_PRINTED) + "\n" : "")
                + (live ? "echo -n 1 > " + m.abi().path(Control.LOG_LIVE) + "\n" : "")
                + "read -r now rest < " + enabled + "\n"
                + "n=$(dmesg 2>/dev/null | grep -c '" + PoolWatch.LOG_LINE + "')\n"
                + "if { [ \"$now\" = 0 ] || [ \"$now\" = N ]; } && [ \"${n:-0}\" -le " + outagesBefore + " ]; then\n"
                + m.enableLine(mode)
                + "fi\n";
    }
}
