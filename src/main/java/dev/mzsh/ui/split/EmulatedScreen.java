package dev.mzsh.ui.split;

import dev.mzsh.ui.Utf8Chunks;
import java.lang.reflect.Field;
import java.nio.CharBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.jline.builtins.ScreenTerminal;

/**
 * A terminal emulator fed with a byte stream (the guest console, gdb), read as
 * cells for drawing. JLine's {@link ScreenTerminal} does the emulation.
 *
 * <p>With scrollback, the emulated screen is {@code scrollback} rows tall and the
 * pane shows the rows ending at the cursor. ScreenTerminal keeps every line that
 * scrolls off its top in a list without limit, however it scrolled (newlines, line
 * wrap, {@code ESC[nS}, {@code ESC D}), and mzsh never shows that list. So bytes are
 * fed in slices of {@link #FEED_SLICE} characters and the list is emptied after each:
 * what is retained is the screen, at most {@link #MAX_SIZE} rows of {@link #MAX_SIZE}
 * cells ({@link #RETAINED_BYTES_BOUND}), whatever the guest sends. Where the list
 * cannot be reached, every {@link #COPY_EVERY_LINES} lines or {@link #COPY_EVERY_CHARS}
 * characters the screen is copied into a fresh emulator instead.
 * Without scrollback (an attached endpoint), the emulated screen is the pane's size.
 */
public final class EmulatedScreen {
    /** ScreenTerminal refuses to be resized beyond 256 columns or rows. */
    public static final int MAX_SIZE = 256;
    /**
     * At most this many rows pile up in ScreenTerminal's history: under a flood they
     * die young (cheap to collect) instead of filling the old generation (a long full GC).
     */
    static final int COPY_EVERY_LINES = 1024;

    static final int COPY_EVERY_CHARS = 1 << 12;
    /**
     * Characters written to the emulator at a time. One scroll sequence of 6 characters
     * moves at most a screen (256 rows) into the history, so a slice adds at most
     * about 11,000 rows before they are dropped.
     */
    static final int FEED_SLICE = 256;
    /** The cells retained however the guest scrolls: the screen, 8 bytes a cell. */
    public static final long RETAINED_BYTES_BOUND = 8L * MAX_SIZE * MAX_SIZE;

    private static final Field HISTORY = historyField();
    private final int scrollback;
    private final Utf8Chunks utf8 = new Utf8Chunks();
    /**
     * Guards the emulator. Fair, and taken per slice of a feed: the UI thread's
     * {@link #view} waits for at most one slice, never for a whole flood chunk.
     */
    private final ReentrantLock lock = new ReentrantLock(true);

    private ScreenTerminal term;
    private int cols;
    private int rows;
    private long linesSinceCopy;
    private long charsSinceCopy;
    private long[] dumpBuffer = new long[0]; // reused: a dump per frame would otherwise allocate the whole screen
    private volatile boolean dirty = true;

    /** What a pane draws: {@code rows} rows of {@code cols} cells, and where the cursor is in them (-1: not shown). */
    public record Snapshot(long[] cells, int cols, int rows, int cursorCol, int cursorRow) {
        public long cell(int col, int row) {
            return cells[row * cols + col];
        }

        public String rowText(int row) {
            StringBuilder sb = new StringBuilder(cols);
            for (int c = 0; c < cols; c++) {
                sb.append(CellStyle.character(cell(c, row)));
            }
            return sb.toString();
        }
    }

    public EmulatedScreen(int cols, int rows, int scrollback) {
        this.scrollback = Math.min(MAX_SIZE, scrollback);
        this.cols = Math.min(MAX_SIZE, Math.max(1, cols));
        this.rows = scrollback > 0 ? this.scrollback : Math.min(MAX_SIZE, Math.max(1, rows));
        this.term = new ScreenTerminal(this.cols, this.rows);
    }

    /** Feeds bytes; returns what the terminal answers (a cursor position report for ESC[6n), usually "". */
    public String feed(byte[] bytes) {
        return feed(bytes, 0, bytes.length);
    }

    public String feed(byte[] bytes, int off, int len) {
        synchronized (utf8) { // one feeder at a time; the emulator's lock is taken per slice
            CharBuffer out = utf8.decode(bytes, off, len);
            StringBuilder replies = new StringBuilder();
            for (int i = 0; i < out.length(); ) {
                int j = Math.min(out.length(), i + FEED_SLICE);
                if (j < out.length() && Character.isHighSurrogate(out.charAt(j - 1))) {
                    j++; // a surrogate pair stays together
                }
                lock.lock();
                try {
                    term.write(out.subSequence(i, j));
                    charsSinceCopy += j - i;
                    replies.append(term.read());
                    dropHistory();
                } finally {
                    lock.unlock();
                }
                i = j;
            }
            for (int i = 0; i < len; i++) {
                if (bytes[off + i] == '\n') {
                    linesSinceCopy++;
                }
            }
            if (HISTORY == null && (linesSinceCopy > COPY_EVERY_LINES || charsSinceCopy > COPY_EVERY_CHARS)) {
                lock.lock();
                try {
                    copyIntoFreshEmulator();
                } finally {
                    lock.unlock();
                }
            }
            dirty = true;
            return replies.toString();
        }
    }

    /** Rows the emulator holds now: its screen and what its history kept (for the bound's test). */
    int retainedRows() {
        lock.lock();
        try {
            return rows + (HISTORY == null ? 0 : history().size());
        } finally {
            lock.unlock();
        }
    }

    private void dropHistory() {
        if (HISTORY != null) {
            history().clear();
        }
    }

    private List<?> history() {
        try {
            return (List<?>) HISTORY.get(term);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Field historyField() {
        try {
            Field f = ScreenTerminal.class.getDeclaredField("history");
            f.setAccessible(true);
            return List.class.isAssignableFrom(f.getType()) ? f : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // another JLine: the copies bound the history instead
        }
    }

    /** Asks for a redraw (the pane's title or scroll position changed). */
    public void touch() {
        dirty = true;
    }

    /** Whether anything changed since the last {@link #view}. */
    public boolean dirty() {
        return dirty;
    }

    /** Makes the pane {@code cols} wide (and, without scrollback, {@code rows} tall); true when that changed. */
    public boolean resize(int newCols, int newRows) {
        int c = Math.min(MAX_SIZE, Math.max(1, newCols));
        int r = scrollback > 0 ? scrollback : Math.min(MAX_SIZE, Math.max(1, newRows));
        lock.lock();
        try {
            if (c == cols && r == rows || !term.setSize(c, r)) {
                return false;
            }
            cols = c;
            rows = r;
            dirty = true;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The {@code height} rows to show, {@code back} rows above the newest (clamped);
     * {@code width} must be this emulator's width.
     */
    public Snapshot view(int height, int back) {
        lock.lock();
        try {
            return viewLocked(height, back);
        } finally {
            lock.unlock();
        }
    }

    private Snapshot viewLocked(int height, int back) {
        long[] all = dumpAll();
        int[] cursor = new int[2];
        term.dump(all, 0, 0, rows, cols, cursor);
        dirty = false;
        int bottom = Math.max(cursor[1], lastNonBlankRow(all));
        bottom = Math.max(bottom, Math.min(rows, height) - 1);
        int maxBack = Math.max(0, bottom + 1 - height);
        int top = Math.max(0, bottom + 1 - height - Math.min(back, maxBack));
        int shown = Math.min(height, rows - top);
        long[] cells = new long[cols * height];
        Arrays.fill(cells, ' ');
        System.arraycopy(all, top * cols, cells, 0, shown * cols);
        int cursorRow = cursor[1] - top;
        boolean visible = cursorRow >= 0 && cursorRow < height;
        return new Snapshot(cells, cols, height, visible ? cursor[0] : -1, visible ? cursorRow : -1);
    }

    /** How far {@link #view} can go back for a pane of {@code height} rows. */
    public int maxBack(int height) {
        lock.lock();
        try {
            long[] all = dumpAll();
            int[] cursor = new int[2];
            term.dump(all, 0, 0, rows, cols, cursor);
            return Math.max(0, Math.max(cursor[1], lastNonBlankRow(all)) + 1 - height);
        } finally {
            lock.unlock();
        }
    }

    private long[] dumpAll() {
        if (dumpBuffer.length != cols * rows) {
            dumpBuffer = new long[cols * rows];
        }
        return dumpBuffer;
    }

    private int lastNonBlankRow(long[] all) {
        for (int r = rows - 1; r >= 0; r--) {
            for (int c = 0; c < cols; c++) {
                long v = all[r * cols + c];
                if ((v & 0xffffffffL) != ' ' && (v & 0xffffffffL) != 0) {
                    return r;
                }
            }
        }
        return 0;
    }

    private void copyIntoFreshEmulator() {
        long[] all = new long[cols * rows];
        int[] cursor = new int[2];
        term.dump(all, 0, 0, rows, cols, cursor);
        StringBuilder replay = new StringBuilder(all.length + rows * 8);
        for (int r = 0; r < rows; r++) {
            long attr = -1;
            if (r > 0) {
                replay.append("\r\n");
            }
            int end = cols;
            while (end > 0
                    && (all[r * cols + end - 1] & 0xffffffffL) == ' '
                    && CellStyle.attr(all[r * cols + end - 1]) == 0) {
                end--;
            }
            for (int c = 0; c < end; c++) {
                long v = all[r * cols + c];
                if (CellStyle.attr(v) != attr) {
                    attr = CellStyle.attr(v);
                    replay.append(CellStyle.sgr(v));
                }
                replay.append(CellStyle.character(v));
            }
            replay.append("\033[0m");
        }
        replay.append("\033[")
                .append(cursor[1] + 1)
                .append(';')
                .append(cursor[0] + 1)
                .append('H');
        ScreenTerminal fresh = new ScreenTerminal(cols, rows);
        fresh.write(replay);
        term = fresh;
        linesSinceCopy = 0;
        charsSinceCopy = 0;
    }
}
