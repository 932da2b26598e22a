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
 */
public final class ResultsLog {
    static final int MAX_LINES = 5000;
    private final ArrayDeque<String> lines = new ArrayDeque<>();
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
        lines.addLast(line);
        while (lines.size() > MAX_LINES) {
            lines.removeFirst();
        }
        version++;
    }

    /** Starts a command's section: the previous output goes, the command line heads the new one. */
    public synchronized void begin(String header) {
        for (Utf8Lines s : splitters) {
            s.flush();
        }
        lines.clear();
        lines.add(header);
        version++;
    }

    /** The lines, a begun last line of any stream included. */
    public synchronized List<String> lines() {
        List<String> all = new ArrayList<>(lines);
        for (Utf8Lines s : splitters) {
            if (!s.partial().isEmpty()) {
                all.add(s.partial());
            }
        }
        return all;
    }

    /** Changes whenever the content does (for redraw decisions). */
    public long version() {
        return version;
    }
}
