package dev.mzsh.kernel;

import java.io.PrintStream;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The terminal's view of a build: files compiled against an estimate and the
 * elapsed time, redrawn in place on a terminal, a line every 30 s otherwise.
 */
public final class BuildProgress {
    /** kbuild's quiet lines for one compiled file: "  CC      kernel/fork.o", "  CC [M]  fs/9p/9p.o", "  AS ...". */
    private static final Pattern COMPILED = Pattern.compile("^  (?:CC|AS)(?: \\[M\\])?\\s+\\S.*");

    private static final long REDRAW_NANOS = 250_000_000L;
    private static final long LINE_NANOS = 30_000_000_000L;
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal;
    private final int estimate;
    private final long start = System.nanoTime();
    private long lastDraw;
    private int compiled;
    private String phase = "building";

    public BuildProgress(PrintStream out, boolean terminal, int estimate) {
        this.out = out;
        this.terminal = terminal;
        this.estimate = Math.max(1, estimate);
    }

    /** Counts the line if it is a compiled file; redraws when due. */
    public void line(String line) {
        if (COMPILED.matcher(line).matches()) {
            compiled++;
        }
        long now = System.nanoTime();
        if (now - lastDraw >= (terminal ? REDRAW_NANOS : LINE_NANOS)) {
            lastDraw = now;
            draw();
        }
    }

    public void phase(String phase) {
        this.phase = phase;
        lastDraw = System.nanoTime();
        draw();
    }

    public int compiled() {
        return compiled;
    }

    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Ends the bar's line on a terminal. */
    public void finish() {
        if (terminal) {
            draw();
            out.print("\n");
            out.flush();
        }
    }

    static String bar(int done, int estimate) {
        int filled = (int) Math.min(WIDTH, (long) done * WIDTH / Math.max(1, estimate));
        return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "]";
    }

    static String clock(Duration d) {
        long s = d.toSeconds();
        return s / 60 + ":" + String.format("%02d", s % 60);
    }

    String text() {
        // Past the estimate the bar stays full and the count goes on: it was only an estimate.
        return "mzsh: kernel build: " + bar(compiled, estimate) + " " + compiled + "/~" + estimate + " files, "
                + clock(elapsed()) + " elapsed, " + phase;
    }

    private void draw() {
        if (terminal) {
            out.print("\r\033[K" + text());
        } else {
            out.println(text());
        }
        out.flush();
    }
}
