package dev.mzsh.ui;

import java.nio.CharBuffer;
import java.util.function.Consumer;

/**
 * Cuts a byte stream into text lines: UTF-8 (a character split across two chunks
 * is kept for the next one), '\n' ends a line, '\r' is dropped. Not thread-safe.
 */
public final class Utf8Lines {
    private static final int MAX_LINE = 8192;
    private final Utf8Chunks utf8 = new Utf8Chunks();
    private final StringBuilder line = new StringBuilder();
    private final Consumer<String> sink;

    public Utf8Lines(Consumer<String> sink) {
        this.sink = sink;
    }

    public void accept(byte[] bytes, int off, int len) {
        CharBuffer out = utf8.decode(bytes, off, len);
        while (out.hasRemaining()) {
            char c = out.get();
            if (c == '\n') {
                sink.accept(line.toString());
                line.setLength(0);
            } else if (c != '\r' && line.length() < MAX_LINE) {
                line.append(c);
            }
        }
    }

    /** The line begun but not ended yet. */
    public String partial() {
        return line.toString();
    }

    /** Ends a partial line, if any. */
    public void flush() {
        if (line.length() > 0) {
            sink.accept(line.toString());
            line.setLength(0);
        }
    }
}
