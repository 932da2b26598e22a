package dev.mzsh.ui.split;

import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.graphics.TextGraphics;

/** Draws an emulated terminal (the guest console, an attached gdb) into a pane below its title. */
final class EmulatedPane {
    private final CellCache cells;

    EmulatedPane(CellCache cells) {
        this.cells = cells;
    }

    /**
     * @param back       rows scrolled back into the history
     * @param showCursor draw the emulator's cursor as a reverse-video cell
     */
    void draw(TextGraphics g, Rect r, EmulatedScreen emulator, int back, String heading, boolean showCursor) {
        PaneTitle.draw(g, cells, r, heading);
        EmulatedScreen.Snapshot s = emulator.view(r.rows() - 1, back);
        drawRows(g, r, s, 0, r.rows() - 1, showCursor);
    }

    /** Rows {@code from} to {@code to} (exclusive) of a snapshot, below the pane's title. */
    void drawRows(TextGraphics g, Rect r, EmulatedScreen.Snapshot s, int from, int to, boolean showCursor) {
        for (int row = from; row < to; row++) {
            for (int col = 0; col < r.cols(); col++) {
                long v = col < s.cols() ? s.cell(col, row) : ' ';
                TextCharacter tc =
                        showCursor && row == s.cursorRow() && col == s.cursorCol() ? cells.cursor(v) : cells.of(v);
                g.setCharacter(r.col() + col, r.row() + 1 + row, tc);
            }
        }
    }
}
