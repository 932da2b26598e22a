package dev.mzsh.kmap;

import java.nio.file.Path;

/** A line that is not kmap text; the message is {@code FILE:LINE: what is wrong: the line (truncated)}. */
public final class KmapSyntaxException extends Exception {
    private final Path file;
    private final long line;
    private final String problem;

    public KmapSyntaxException(Path file, long line, String problem, String text) {
        super(file + ":" + line + ": " + problem + ": " + text);
        this.file = file;
        this.line = line;
        this.problem = problem;
    }

    public Path file() {
        return file;
    }

    /** 1-based line number in the file. */
    public long line() {
        return line;
    }

    public String problem() {
        return problem;
    }
}
