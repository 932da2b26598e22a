package dev.mzsh.ui.split;

import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;

/** A pane's title row (black on cyan), and text fitted to a width. */
final class PaneTitle {
    private PaneTitle() {}

    static void draw(TextGraphics g, CellCache cells, Rect r, String text) {
        cells.put(g, r.col(), r.row(), fit(text, r.cols()), TextColor.ANSI.BLACK, TextColor.ANSI.CYAN);
    }

    /** {@code s} cut or padded to exactly {@code width} cells. */
    static String fit(String s, int width) {
        if (s.length() >= width) {
            return s.substring(0, Math.max(0, width));
        }
        return s + " ".repeat(width - s.length());
    }
}
