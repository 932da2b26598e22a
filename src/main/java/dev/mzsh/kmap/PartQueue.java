package dev.mzsh.kmap;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The parts of one file, shared by the threads that read it: each takes the next part in
 * order, so a thread slowed down by other work on the machine does fewer parts instead of
 * holding up the result. After the first part that stopped at a bad line, no later part is
 * started and later ones still being read are cancelled, so the first bad line reported is
 * the file's first.
 */
final class PartQueue {
    private final int parts;
    private final long size;
    private final KmapReader.Outcome[] outcomes;
    private final AtomicInteger nextPart = new AtomicInteger();
    private final AtomicInteger firstStopped = new AtomicInteger(Integer.MAX_VALUE);

    PartQueue(int parts, long size) {
        this.parts = parts;
        this.size = size;
        this.outcomes = new KmapReader.Outcome[parts];
    }

    /** The next part's number, or -1 when none is left to read. */
    int next() {
        int part = nextPart.getAndIncrement();
        return part < parts && part < firstStopped.get() ? part : -1;
    }

    long from(int part) {
        return KmapAnalyzer.start(part, parts, size);
    }

    long to(int part) {
        return KmapAnalyzer.start(part + 1, parts, size);
    }

    /** Whether to stop reading {@code part} (checked once per buffer). */
    boolean cancelled(int part) {
        return firstStopped.get() < part;
    }

    void finished(int part, KmapReader.Outcome outcome) {
        outcomes[part] = outcome;
        if (outcome.stopped()) {
            firstStopped.accumulateAndGet(part, Math::min);
        }
    }

    /** Stops every reader at its next buffer: a thread failed and the result is lost anyway. */
    void abandon() {
        firstStopped.set(-1);
    }

    /** The outcomes by part; null for parts not read. Read only after every reader has returned. */
    KmapReader.Outcome[] outcomes() {
        return outcomes;
    }
}
