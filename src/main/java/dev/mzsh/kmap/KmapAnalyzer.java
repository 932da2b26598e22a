package dev.mzsh.kmap;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Summarises a kmap file in constant memory. The file is cut into one part per thread at
 * object-line boundaries (see {@link KmapReader}); each part is counted on its own and the
 * counts are merged, so the summary is the same for any number of threads.
 */
public final class KmapAnalyzer {
    /** Below this many bytes per thread, extra threads cost more than they save. */
    static final long MIN_PART = 8L << 20;

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
        try (FileChannel ch = FileChannel.open(file)) {
            KmapFormat format = FormatProbe.detect(file, ch, options.lenient());
            long size = ch.size();
            int parts = (int) Math.max(1, Math.min(options.threads(), size / Math.max(1, minPart)));
            KmapTally[] tallies = new KmapTally[parts];
            KmapReader.Outcome[] outcomes = new KmapReader.Outcome[parts];
            AtomicInteger firstFailed = new AtomicInteger(Integer.MAX_VALUE);
            List<Thread> workers = new ArrayList<>();
            Throwable[] failures = new Throwable[parts];
            for (int i = 0; i < parts; i++) {
                int part = i;
                long from = size * i / parts;
                long to = size * (i + 1) / parts;
                Runnable work = () -> {
                    try {
                        KmapTally t = new KmapTally();
                        KmapReader r = new KmapReader(ch, size, format, options.lenient(), bufferSize);
                        outcomes[part] = r.read(from, to, t, () -> firstFailed.get() < part);
                        tallies[part] = t;
                        if (outcomes[part].stopped()) {
                            firstFailed.accumulateAndGet(part, Math::min);
                        }
                    } catch (IOException | RuntimeException e) {
                        failures[part] = e;
                        firstFailed.accumulateAndGet(part, Math::min);
                    }
                };
                if (parts == 1) {
                    work.run();
                } else {
                    Thread t = new Thread(work, "kmap-part-" + i);
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
            return merge(file, format, options, tallies, outcomes, failures);
        }
    }

    private static KmapSummary merge(Path file, KmapFormat format, KmapOptions options, KmapTally[] tallies,
            KmapReader.Outcome[] outcomes, Throwable[] failures) throws IOException, KmapSyntaxException {
        KmapTally total = new KmapTally();
        long linesBefore = 0;
        long bad = 0;
        long orphans = 0;
        String firstBad = null;
        for (int i = 0; i < tallies.length; i++) {
            if (failures[i] instanceof IOException e) {
                throw e;
            }
            if (failures[i] instanceof RuntimeException e) {
                throw e;
            }
            KmapReader.Outcome o = outcomes[i];
            if (o.first() != null) {
                long line = linesBefore + o.first().line();
                if (!options.lenient() || o.stopped()) {
                    throw new KmapSyntaxException(file, line, o.first().problem(), o.first().text());
                }
                if (firstBad == null) {
                    firstBad = line + ": " + o.first().problem() + ": " + o.first().text();
                }
            }
            linesBefore += o.lines();
            bad += o.badLines();
            orphans += o.orphanedAccessLines();
            total.add(tallies[i]);
        }
        return total.summary(file.toString(), format, options, bad, orphans, firstBad);
    }
}
