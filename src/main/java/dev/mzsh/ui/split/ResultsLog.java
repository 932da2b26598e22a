package dev.mzsh.ui.split;

import dev.mzsh.ui.Utf8Lines;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * What the results pane shows: the last command's output (guest stdout and stderr,
 * mzsh's reports and messages), a bounded number of lines. Every stream has its
 * own line splitter, so output of two streams never mixes inside a line.
 * Typed results (charts, tables) are held as {@link ResultsBlock}s, drawn at the
 * pane's width; the latest one is the anchor the pane opens at.
 */
public final class ResultsLog {
    static final int MAX_LINES = 5000;
    /** Output lines and blocks; a plain line is a one-line block. */
    private final ArrayDeque<ResultsBlock> lines = new ArrayDeque<>();
    /** Entry index of the latest block added since {@link #begin}, or -1. */
    private int anchor = -1;

    private long anchorSerial;
    private final List<Utf8Lines> splitters = new ArrayList<>();
    private final PrintStream printStream = new PrintStream(stream(), true, StandardCharsets.UTF_8);
    private volatile long version;

    /** A new stream whose lines land here. */
    public synchronized OutputStream stream() {
        Utf8Lines splitter = new Utf8Lines(this::add);
        splitters.add(splitter);
        return new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (ResultsLog.this) {
                    splitter.accept(b, off, len);
                    version++;
                }
            }
        };
    }

    /** A shared print stream into the log (reports, messages, notices). */
    public PrintStream printStream() {
        return printStream;
    }

    public synchronized void add(String line) {
        append(new PlainLine(line));
    }

    /** Adds a block (a chart, a table) and makes it the anchor the pane opens at. */
    public synchronized void add(ResultsBlock block) {
        for (Utf8Lines s : splitters) {
            s.flush(); // text printed before the block stays before it
        }
        append(block);
        anchor = lines.size() - 1;
        anchorSerial++;
    }

    private void append(ResultsBlock entry) {
        lines.addLast(entry);
        while (lines.size() > MAX_LINES) {
            lines.removeFirst();
            anchor = Math.max(-1, anchor - 1);
        }
        version++;
    }

    /** Starts a command's section: the previous output goes, the command line heads the new one. */
    public synchronized void begin(String header) {
        for (Utf8Lines s : splitters) {
            s.flush();
        }
        lines.clear();
        lines.add(new PlainLine(header));
        anchor = -1;
        version++;
    }

    /**
     * Starts the section of a command that was queued behind the one before it: the
     * output before stays (a pasted batch shows all its output, in order), the latest
     * chart or table no longer holds the pane.
     */
    public synchronized void next(String header) {
        for (Utf8Lines s : splitters) {
            s.flush();
        }
        append(new PlainLine(header));
        anchor = -1;
    }

    /** The lines as text (blocks drawn 80 columns wide), a begun last line of any stream included. */
    public synchronized List<String> lines() {
        return view(80).lines().stream().map(StyledLine::text).toList();
    }

    /**
     * The lines for a pane {@code width} columns wide, a begun last line of any stream included.
     * {@link View#anchor()} is the line index of the latest block's first line, or -1.
     */
    public synchronized View view(int width) {
        List<StyledLine> all = new ArrayList<>();
        int anchorLine = -1;
        int i = 0;
        for (ResultsBlock entry : lines) {
            if (i++ == anchor) {
                anchorLine = all.size();
            }
            all.addAll(entry.lines(width));
        }
        for (Utf8Lines s : splitters) {
            if (!s.partial().isEmpty()) {
                all.add(StyledLine.plain(s.partial()));
            }
        }
        return new View(all, anchorLine, anchorSerial);
    }

    /**
     * What the pane draws.
     *
     * @param anchor       first line of the latest block, -1 when none since the command began
     * @param anchorSerial changes whenever a block is added (the pane then opens at it again)
     */
    public record View(List<StyledLine> lines, int anchor, long anchorSerial) {}

    /** A line of text; wider than the pane it wraps (cleaned once, so the wrap counts real cells). */
    private record PlainLine(String text) implements ResultsBlock {
        PlainLine {
            text = ResultsPane.clean(text);
        }

        @Override
        public List<StyledLine> lines(int width) {
            if (width <= 0 || text.length() <= width) {
                return List.of(StyledLine.plain(text));
            }
            List<StyledLine> rows = new ArrayList<>();
            String tone = text; // a wrapped error keeps its colour on every row
            for (int i = 0; i < text.length(); i += width) {
                String part = text.substring(i, Math.min(text.length(), i + width));
                rows.add(i == 0 ? StyledLine.plain(part) : StyledLine.of(ResultsPane.colorOf(tone), part));
            }
            return rows;
        }
    }

    /** Changes whenever the content does (for redraw decisions). */
    public long version() {
        return version;
    }
}
