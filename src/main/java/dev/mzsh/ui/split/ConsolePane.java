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
    private final EmulatedPane drawing;
    private final BooleanSupplier shown;
    private volatile boolean hidden;
    private int back;
    private int rows = 1;

    /** @param shown whether console output is shown as it prints (the session's console on|off) */
    ConsolePane(CellCache cells, BooleanSupplier shown) {
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

    void draw(TextGraphics g, Rect r, boolean keyboardHere) {
        String heading = keyboardHere
                ? " guest console - keyboard to the guest, Ctrl-] returns "
                : " guest console " + (back > 0 ? "(scrolled back " + back + ") " : "")
                        + (hidden ? "(console off: 'console on' shows it) " : "") + "- F2 types into it ";
        drawing.draw(g, r, screen, back, heading, false);
    }
}
