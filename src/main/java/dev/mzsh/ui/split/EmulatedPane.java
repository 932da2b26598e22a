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
        PaneTitle.draw(g, r, heading);
        int height = r.rows() - 1;
        EmulatedScreen.Snapshot s = emulator.view(height, back);
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < r.cols(); col++) {
                long v = col < s.cols() ? s.cell(col, row) : ' ';
                TextCharacter tc = showCursor && row == s.cursorRow() && col == s.cursorCol()
                        ? cells.cursor(v) : cells.of(v);
                g.setCharacter(r.col() + col, r.row() + 1 + row, tc);
            }
        }
    }
}
