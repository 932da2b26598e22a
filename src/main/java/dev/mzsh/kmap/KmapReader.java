package dev.mzsh.kmap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * Streams one part of a kmap file through a {@link LineDecoder} into a {@link KmapHandler},
 * in constant memory (one buffer). A part [from, to) owns every object line that starts in
 * it, with the access lines below that object even past {@code to}; access lines at its
 * start belong to the part before. So parts split anywhere cover each line exactly once, and
 * their line counts add up to the file's.
 */
final class KmapReader {
    static final int BUFFER = 1 << 20; // fits in L2 with room to spare: measured ~8% faster than 4 MiB here
    private static final int SHOWN = 120;
    /**
     * Bytes kept after the data: the decoder's word-at-a-time reads past a line's end then
     * always stay inside the array, so its end-of-array branches are never taken. Taken once
     * near a buffer's end, they made the JIT throw away and recompile the hot decoding methods
     * (measured: several C2 compilations of ~0.2 s CPU each per run).
     */
    static final int SLACK = 128;

    /** The first bad line of a part; {@code line} counts from the part's first line (1). */
    record Problem(long line, String problem, String text) {}

    /** What a part held: its lines, the lines skipped (lenient) and the first bad line, if any. */
    record Outcome(long lines, long badLines, long orphanedAccessLines, Problem first, boolean stopped) {}

    /** The bad lines of a part so far: how many, and the first. */
    private static final class BadLines {
        long count;
        Problem first;

        void add(long line, String problem, String text) {
            count++;
            if (first == null) {
                first = new Problem(line, problem, text);
            }
        }
    }

    private final FileChannel ch;
    private final long limit;
    private final KmapFormat format;
    private final boolean lenient;
    private final byte[] buf;

    KmapReader(FileChannel ch, long limit, KmapFormat format, boolean lenient) {
        this(ch, limit, format, lenient, BUFFER);
    }

    KmapReader(FileChannel ch, long limit, KmapFormat format, boolean lenient, int bufferSize) {
        this.ch = ch;
        this.limit = limit;
        this.format = format == KmapFormat.NONE ? KmapFormat.ELEVEN : format;
        this.lenient = lenient;
        this.buf = new byte[bufferSize + 1 + SLACK]; // +1: room for a newline after a last line without one
    }

    /**
     * Reads the whole file as one part. Stops at the first bad line unless lenient
     * ({@code stopped} is then true).
     */
    Outcome readAll(KmapHandler handler) throws IOException {
        PartQueue whole = new PartQueue(1, limit);
        read(whole, handler);
        return whole.outcomes()[0];
    }

    /**
     * Reads every part that {@code parts} hands out, in one call: the JIT then compiles the
     * reading loop once, on stack, instead of a second time as a whole method because it was
     * called again for each part (measured: 0.07-0.15 s of C2 time, on a machine whose two
     * cores also parse). A part ends at the first bad line unless lenient, or when
     * {@code parts} cancels it (checked once per buffer).
     */
    void read(PartQueue parts, KmapHandler handler) throws IOException {
        KmapLine line = new KmapLine();
        LineDecoder decoder = new LineDecoder(format, line, !handler.readsSizesAndCommands());
        byte[] b = buf;
        int cap = b.length - 1 - SLACK;
        int part;
        while ((part = parts.next()) >= 0) {
            long from = parts.from(part);
            long to = parts.to(part);
            Outcome stop = null;
            long base = from == 0 ? 0 : from - 1; // from - 1: to see whether a line starts at from
            int lim = 0;
            int off = 0;
            int safe = 0;
            boolean eof = false;
            boolean partial = from > 0;
            boolean aligning = from > 0;
            boolean seenObject = false;
            boolean objectOk = false;
            // the kernel's CSV files: a header line first; accesses has only (unindented) access rows
            boolean header = from == 0 && format.isCsv();
            boolean accessRows = format == KmapFormat.ACCESSES || format == KmapFormat.ACCESSES_NO_PID;
            if (accessRows) {
                aligning = false; // every row stands alone: a part starts at any line
            }
            long lineNo = 0;
            BadLines bad = new BadLines();
            long orphans = 0;
            scan:
            while (true) {
                if (off >= safe) {
                    if (eof || off < lim && lim - off == cap) {
                        if (!eof) {
                            bad.add(lineNo + 1, "line longer than " + cap + " bytes", show(b, off, off + SHOWN));
                            stop = new Outcome(lineNo + 1, bad.count, orphans, bad.first, true);
                        }
                        break;
                    }
                    if (parts.cancelled(part)) {
                        break;
                    }
                    System.arraycopy(b, off, b, 0, lim - off);
                    base += off;
                    lim -= off;
                    off = 0;
                    while (lim < cap && base + lim < limit) {
                        int want = (int) Math.min(cap - lim, limit - base - lim);
                        int n = ch.read(ByteBuffer.wrap(b, lim, want), base + lim);
                        if (n < 0) {
                            break;
                        }
                        lim += n;
                    }
                    eof = lim < cap || base + lim >= limit;
                    safe = lastNewline(b, lim) + 1;
                    if (eof && lim > safe) {
                        b[lim++] = '\n';
                        safe = lim;
                    }
                    continue;
                }
                if (partial) {
                    off = newline(b, off) + 1;
                    partial = false;
                    continue;
                }
                byte c = b[off];
                if (c == '\n') {
                    if (!aligning) {
                        lineNo++;
                    }
                    off++;
                } else if (header) {
                    header = false;
                    lineNo++;
                    off = newline(b, off) + 1;
                } else if (accessRows
                        || c == ' ' && (b[off + 2] != ' ' || !LineDecoder.isPaddedPlaceholderObject(b, off))) {
                    // an access line (an object line starts with a space only when alloc_ip is a right-justified
                    // "(null)"), or a row of the accesses CSV, where a part starts at any line
                    if (accessRows) {
                        if (base + off >= to) {
                            break;
                        }
                    } else if (aligning) {
                        off = newline(b, off) + 1;
                        continue;
                    }
                    lineNo++;
                    if (!objectOk && !accessRows) {
                        if (seenObject) {
                            orphans++;
                        } else {
                            bad.add(lineNo, "access line before any object line", show(b, off, newline(b, off)));
                            if (!lenient) {
                                stop = new Outcome(lineNo, bad.count, orphans, bad.first, true);
                                break scan;
                            }
                        }
                        off = newline(b, off) + 1;
                        continue;
                    }
                    try {
                        off = decoder.access(b, off);
                        handler.access(line);
                    } catch (BadLine e) {
                        bad.add(lineNo, e.getMessage(), show(b, off, newline(b, off)));
                        if (!lenient) {
                            stop = new Outcome(lineNo, bad.count, orphans, bad.first, true);
                            break scan;
                        }
                        off = newline(b, off) + 1;
                    }
                } else {
                    if (base + off >= to) {
                        break;
                    }
                    aligning = false;
                    seenObject = true;
                    lineNo++;
                    try {
                        off = decoder.object(b, off);
                        objectOk = true;
                        handler.object(line);
                    } catch (BadLine e) {
                        objectOk = false;
                        bad.add(lineNo, e.getMessage(), show(b, off, newline(b, off)));
                        if (!lenient) {
                            stop = new Outcome(lineNo, bad.count, orphans, bad.first, true);
                            break scan;
                        }
                        off = newline(b, off) + 1;
                    }
                }
            }
            parts.finished(part, stop != null ? stop : new Outcome(lineNo, bad.count, orphans, bad.first, false));
        }
    }

    private static int newline(byte[] b, int from) {
        int i = from;
        while (b[i] != '\n') {
            i++;
        }
        return i;
    }

    private static int lastNewline(byte[] b, int lim) {
        int i = lim - 1;
        while (i >= 0 && b[i] != '\n') {
            i--;
        }
        return i;
    }

    private static String show(byte[] b, int from, int to) {
        int end = from;
        while (end < to && end < b.length && b[end] != '\n') {
            end++;
        }
        String s = new String(b, from, Math.min(end - from, SHOWN), StandardCharsets.UTF_8);
        return end - from > SHOWN ? s + "..." : s;
    }
}
