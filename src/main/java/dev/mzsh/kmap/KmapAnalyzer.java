package dev.mzsh.kmap;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Summarises a kmap file in constant memory. The file is cut into parts at object-line
 * boundaries (see {@link KmapReader}), up to {@value #PARTS_PER_THREAD} per thread; the
 * threads take parts in order and count them, and the counts are merged, so the summary is
 * the same for any number of threads (line numbers too: each part counts its lines).
 */
public final class KmapAnalyzer {
    /** Parts are at least this big: smaller ones cost more to start than they save. */
    static final long MIN_PART = 8L << 20;

    static final int PARTS_PER_THREAD = 8;
    static final int SMALL_PARTS = 16;
    static final long SMALL_PART = 1L << 20;

    private KmapAnalyzer() {}

    /**
     * Reads {@code file} and returns its summary.
     *
     * @throws KmapSyntaxException the first malformed line (not in lenient mode)
     * @throws IOException         the file cannot be read
     */
    public static KmapSummary summarize(Path file, KmapOptions options) throws IOException, KmapSyntaxException {
        return summarize(file, options, MIN_PART, KmapReader.BUFFER);
    }

    /** As {@link #summarize(Path, KmapOptions)} with smaller parts and buffers, to test their boundaries. */
    static KmapSummary summarize(Path file, KmapOptions options, long minPart, int bufferSize)
            throws IOException, KmapSyntaxException {
        Pass<KmapTally> pass = read(file, options, minPart, bufferSize, KmapTally::new);
        KmapTally total = pass.handlers().get(0);
        for (int i = 1; i < pass.handlers().size(); i++) {
            total.add(pass.handlers().get(i));
        }
        return total.summary(file.toString(), pass.format(), options, pass.badLines(), pass.orphans(), pass.firstBad());
    }

    /**
     * The summary and the access map of {@code file} in one pass (each worker feeds both
     * tallies the same decoded lines), for reports that show both.
     */
    public static KmapResults summarizeWithAccess(Path file, KmapOptions options)
            throws IOException, KmapSyntaxException {
        return summarizeWithAccess(file, options, MIN_PART, KmapReader.BUFFER);
    }

    static KmapResults summarizeWithAccess(Path file, KmapOptions options, long minPart, int bufferSize)
            throws IOException, KmapSyntaxException {
        SymbolTable sym = options.symbols();
        Pass<Both> pass = read(file, options, minPart, bufferSize, () -> new Both(sym));
        Both total = pass.handlers().get(0);
        for (int i = 1; i < pass.handlers().size(); i++) {
            total.summary.add(pass.handlers().get(i).summary);
            total.access.add(pass.handlers().get(i).access);
        }
        KmapSummary s = total.summary.summary(
                file.toString(), pass.format(), options, pass.badLines(), pass.orphans(), pass.firstBad());
        return new KmapResults(s, AccessAnalyzer.build(file, pass, total.access, options));
    }

    /** Both tallies over one stream of lines. */
    private static final class Both implements KmapHandler {
        final KmapTally summary = new KmapTally();
        final AccessTally access;

        Both(SymbolTable sym) {
            access = new AccessTally(sym);
        }

        @Override
        public void object(KmapLine line) {
            summary.object(line);
            access.objectAt(line, summary.site); // the summary's site entries are the access map's ids
        }

        @Override
        public void access(KmapLine line) {
            summary.access(line);
            access.accessAt(line, summary.accessSite);
        }
    }

    /**
     * One parallel pass over a file: its format, one handler per thread (each saw whole objects
     * with their access lines; the caller merges them) and the malformed lines met.
     */
    record Pass<T>(KmapFormat format, List<T> handlers, long badLines, long orphans, String firstBad) {}

    /**
     * Reads {@code file} with one handler per worker thread, the parts split at object-line
     * boundaries; every summary-like view of a kmap (the summary, the access map) goes through it.
     */
    static <T extends KmapHandler> Pass<T> read(
            Path file, KmapOptions options, long minPart, int bufferSize, Supplier<T> newHandler)
            throws IOException, KmapSyntaxException {
        try (FileChannel ch = FileChannel.open(file)) {
            KmapFormat format = FormatProbe.detect(file, ch, options.lenient());
            long size = ch.size();
            // More parts than threads, taken in order (PartQueue)
            int parts = options.threads() == 1
                    ? 1
                    : (int) Math.max(
                            1,
                            Math.min(
                                    (long) options.threads() * PARTS_PER_THREAD + SMALL_PARTS,
                                    size / Math.max(1, minPart)));
            int threads = Math.min(options.threads(), parts);
            List<T> handlers = new ArrayList<>();
            PartQueue queue = new PartQueue(parts, size);
            Throwable[] failures = new Throwable[threads];
            List<Thread> workers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int worker = i;
                T handler = newHandler.get();
                handlers.add(handler);
                Runnable work = () -> {
                    try {
                        new KmapReader(ch, size, format, options.lenient(), bufferSize).read(queue, handler);
                    } catch (IOException | RuntimeException e) {
                        failures[worker] = e;
                        queue.abandon();
                    }
                };
                if (threads == 1) {
                    work.run();
                } else {
                    Thread t = new Thread(work, "kmap-" + i);
                    t.start();
                    workers.add(t);
                }
            }
            for (Thread t : workers) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while reading " + file, e);
                }
            }
            return checked(file, format, options, handlers, queue.outcomes(), failures);
        }
    }

    /**
     * Where part {@code part} of {@code parts} begins. The first {@link #SMALL_PARTS} parts are
     * {@link #SMALL_PART} long, the others share the rest equally: the end of a part is then
     * reached while the JIT still profiles the reading loop, so its compiled code has that
     * path. With equal parts the first part's end came after the loop was compiled, which threw
     * the compiled loop away and compiled it again (measured: two extra C2 compilations of it).
     */
    static long start(int part, int parts, long size) {
        int small = Math.min(SMALL_PARTS, parts / 2);
        long smallBytes = Math.min(small * SMALL_PART, size / 4);
        if (small == 0 || smallBytes < small) {
            return size * part / parts;
        }
        if (part <= small) {
            return smallBytes * part / small;
        }
        return smallBytes + (size - smallBytes) * (part - small) / (parts - small);
    }

    private static <T> Pass<T> checked(
            Path file,
            KmapFormat format,
            KmapOptions options,
            List<T> handlers,
            KmapReader.Outcome[] outcomes,
            Throwable[] failures)
            throws IOException, KmapSyntaxException {
        for (Throwable f : failures) {
            if (f instanceof IOException e) {
                throw e;
            }
            if (f instanceof RuntimeException e) {
                throw e;
            }
        }
        long linesBefore = 0;
        long bad = 0;
        long orphans = 0;
        String firstBad = null;
        for (KmapReader.Outcome o : outcomes) {
            if (o == null) {
                break; // not read: an earlier part stopped at a bad line and was reported
            }
            if (o.first() != null) {
                long line = linesBefore + o.first().line();
                if (!options.lenient() || o.stopped()) {
                    throw new KmapSyntaxException(
                            file, line, o.first().problem(), o.first().text());
                }
                if (firstBad == null) {
                    firstBad =
                            line + ": " + o.first().problem() + ": " + o.first().text();
                }
            }
            linesBefore += o.lines();
            bad += o.badLines();
            orphans += o.orphanedAccessLines();
        }
        return new Pass<>(format, handlers, bad, orphans, firstBad);
    }
}
