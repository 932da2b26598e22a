package dev.mzsh.ui.split;

import com.googlecode.lanterna.graphics.TextGraphics;
import java.util.function.BooleanSupplier;

/**
 * The guest console pane: an emulated terminal with scrollback, fed on QEMU's
 * console thread and drawn only on frame turns, never when a key is handled.
 * While {@code console off} holds, nothing is fed (console.log still has it all).
 */
final class ConsolePane {
    static final int SCROLLBACK = EmulatedScreen.MAX_SIZE;
    private final EmulatedScreen screen = new EmulatedScreen(80, 0, SCROLLBACK);
    private final CellCache cells;
    private final EmulatedPane drawing;
    private final BooleanSupplier shown;
    private volatile boolean hidden;
    private int back;
    private int rows = 1;
    private EmulatedScreen.Snapshot frame;
    private Rect frameRect;
    private int frameRow;

    /** @param shown whether console output is shown as it prints (the session's console on|off) */
    ConsolePane(CellCache cells, BooleanSupplier shown) {
        this.cells = cells;
        this.drawing = new EmulatedPane(cells);
        this.shown = shown;
    }

    /** Takes console bytes; returns what a terminal would answer (cursor position reports), or "". */
    String feed(byte[] bytes) {
        if (!shown.getAsBoolean()) {
            if (!hidden) {
                hidden = true;
                screen.touch(); // the title says so
            }
            return "";
        }
        if (hidden) {
            hidden = false;
            screen.touch();
        }
        return screen.feed(bytes);
    }

    /** The pane's size on screen, its title row included. */
    void resize(Rect r) {
        rows = Math.max(1, r.rows() - 1);
        screen.resize(r.cols(), rows);
    }

    /** Scrolls {@code step} rows back (positive) or forward; 0 is the live screen. */
    void scroll(int step) {
        back = Math.max(0, Math.min(screen.maxBack(rows), back + step));
        screen.touch();
    }

    /** A page for Shift-PgUp/PgDn. */
    int page() {
        return Math.max(1, rows - 1);
    }

    /** Back to the live screen (typing into the guest). */
    void follow() {
        back = 0;
    }

    boolean dirty() {
        return screen.dirty();
    }

    void touch() {
        screen.touch();
    }

    /** Draws the whole pane at once (resizes, tests). */
    void draw(TextGraphics g, Rect r, boolean keyboardHere) {
        startFrame(g, r, keyboardHere);
        drawRows(g, Integer.MAX_VALUE);
    }

    /**
     * Starts a frame: the title now and one consistent snapshot, whose rows
     * {@link #drawRows} then draws a few at a time, so that keys are handled
     * between the slices of a frame instead of after all of it.
     */
    void startFrame(TextGraphics g, Rect r, boolean keyboardHere) {
        PaneTitle.draw(g, cells, r, heading(keyboardHere));
        frameRect = r;
        frame = screen.view(r.rows() - 1, back);
        frameRow = 0;
    }

    /** Draws up to {@code count} more rows of the frame; true when the frame is complete. */
    boolean drawRows(TextGraphics g, int count) {
        if (frame == null) {
            return true;
        }
        int height = frameRect.rows() - 1;
        int to = (int) Math.min(height, (long) frameRow + count);
        drawing.drawRows(g, frameRect, frame, frameRow, to, false);
        frameRow = to;
        if (frameRow >= height) {
            frame = null;
            return true;
        }
        return false;
    }

    private String heading(boolean keyboardHere) {
        return keyboardHere
                ? " guest console - keyboard to the guest, Ctrl-] returns "
                : " guest console " + (back > 0 ? "(scrolled back " + back + ") " : "")
                        + (hidden ? "(console off: 'console on' shows it) " : "") + "- F2 types into it ";
    }
}
