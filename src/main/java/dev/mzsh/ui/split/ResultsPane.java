package dev.mzsh.ui.split;

import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The results pane: the last command's output (long lines wrapped) and the
 * charts and tables of its results, scrolled with PgUp/PgDn. A chart or table
 * that lands opens at its first line until the user scrolls.
 */
final class ResultsPane {
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]|\u001B[@-Z\\\\-_]");
    private final ResultsLog results;
    private final CellCache cells;
    private int back;
    /** Whether the pane holds the latest block's first line at its top (until the user scrolls). */
    private boolean pinned;

    private long anchorSeen;
    private long drawn = -1;
    private int rows = 1;

    ResultsPane(ResultsLog results, CellCache cells) {
        this.results = results;
        this.cells = cells;
    }

    /** Whether the pane must be drawn again: new output, a scroll, or something drawn over it. */
    boolean changed() {
        return results.version() != drawn;
    }

    /** Asks for a redraw (the help overlay or an attached endpoint covered the pane). */
    void touch() {
        drawn = -1;
    }

    /** A page up (positive) or down; the user scrolled, so a landed chart no longer holds the view. */
    void page(int direction) {
        pinned = false;
        back = Math.max(0, back + direction * Math.max(1, rows - 2));
        touch();
    }

    /** A new command's output starts at the bottom. */
    void follow() {
        back = 0;
        touch();
    }

    void draw(TextGraphics g, Rect r) {
        drawn = results.version();
        rows = r.rows();
        ResultsLog.View view = results.view(r.cols());
        List<StyledLine> lines = view.lines();
        int height = r.rows() - 1;
        int maxBack = Math.max(0, lines.size() - height);
        if (view.anchorSerial() != anchorSeen) {
            anchorSeen = view.anchorSerial();
            pinned = view.anchor() >= 0;
        }
        if (pinned && view.anchor() >= 0) {
            // a chart or table just landed: open at its first line; PgUp/PgDn move from there
            back = Math.max(0, lines.size() - height - view.anchor());
        }
        back = Math.min(back, maxBack);
        int first = Math.max(0, lines.size() - height - back);
        PaneTitle.draw(
                g, cells, r, " results " + (back > 0 ? "(" + back + " lines below, PgDn) " : "- PgUp/PgDn scroll "));
        for (int row = 0; row < height; row++) {
            int i = first + row;
            drawLine(g, r.col(), r.row() + 1 + row, r.cols(), i < lines.size() ? lines.get(i) : StyledLine.empty());
        }
    }

    /** A styled line cut or padded to {@code width}; uncoloured spans coloured as plain output. */
    private void drawLine(TextGraphics g, int col, int row, int width, StyledLine line) {
        int x = 0;
        for (StyledLine.Span span : line.spans()) {
            if (x >= width) {
                break;
            }
            String text = clean(span.text());
            TextColor fg = span.color() != null ? span.color() : colorOf(text);
            String cut = text.substring(0, Math.min(text.length(), width - x));
            cells.put(g, col + x, row, cut, fg, TextColor.ANSI.DEFAULT);
            x += cut.length();
        }
        if (x < width) {
            cells.put(g, col + x, row, " ".repeat(width - x), TextColor.ANSI.DEFAULT, TextColor.ANSI.DEFAULT);
        }
    }

    /** TAP-style lines: ok green, not ok red; mzsh's own errors yellow. */
    static TextColor colorOf(String line) {
        if (line.startsWith("not ok")) {
            return TextColor.ANSI.RED;
        }
        if (line.startsWith("ok")) {
            return TextColor.ANSI.GREEN;
        }
        if (line.startsWith("mzsh: ")) {
            return TextColor.ANSI.YELLOW;
        }
        return TextColor.ANSI.DEFAULT;
    }

    /** Without escape sequences, tabs as spaces, every character one printable cell. */
    static String clean(String line) {
        String s = ANSI.matcher(line).replaceAll("").replace("\t", "    ");
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            sb.append(CellCache.printable(s.charAt(i)));
        }
        return sb.toString();
    }
}
