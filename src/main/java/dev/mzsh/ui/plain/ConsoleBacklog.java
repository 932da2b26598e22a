package dev.mzsh.ui.plain;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The console lines waiting to be printed, bounded: past {@link #MAX_QUEUED} lines
 * the oldest are dropped, a batch holds at most {@link #MAX_PER_BATCH} (the newest),
 * and every dropped line is counted for the batch's "[n console lines skipped]"
 * marker, so nothing disappears unsaid. Thread-safe.
 */
final class ConsoleBacklog {
    static final int MAX_QUEUED = 2000;
    static final int MAX_PER_BATCH = 200;

    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private long skipped;

    synchronized void add(String line) {
        if (queue.size() >= MAX_QUEUED) {
            queue.removeFirst(); // the newest lines matter most
            skipped++;
        }
        queue.addLast(line);
        notifyAll();
    }

    /** Waits until a line is queued. */
    synchronized void awaitLine() throws InterruptedException {
        while (queue.isEmpty()) {
            wait();
        }
    }

    /** The queued lines as one text, the oldest beyond {@link #MAX_PER_BATCH} replaced by a marker; null if none. */
    String nextBatch() {
        List<String> batch;
        long dropped;
        synchronized (this) {
            while (queue.size() > MAX_PER_BATCH) {
                queue.removeFirst();
                skipped++;
            }
            batch = new ArrayList<>(queue);
            queue.clear();
            dropped = skipped;
            skipped = 0;
        }
        if (batch.isEmpty() && dropped == 0) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        if (dropped > 0) {
            sb.append("[").append(dropped).append(" console lines skipped]");
        }
        for (String l : batch) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(l);
        }
        return sb.toString();
    }
}
