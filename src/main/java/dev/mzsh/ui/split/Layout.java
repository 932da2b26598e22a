package dev.mzsh.ui.split;

/**
 * Where each part of the split view goes for a screen size. Panes include their
 * title row. Wide screens put console and results side by side (with a one-column
 * gap), narrower ones stack them; the status bar and command line are the two
 * bottom rows.
 */
public record Layout(Rect console, Rect results, Rect status, Rect command) {
    static final int SIDE_BY_SIDE_COLUMNS = 160;

    public static Layout of(int cols, int rows) {
        int paneRows = Math.max(2, rows - 2);
        Rect console;
        Rect results;
        if (cols >= SIDE_BY_SIDE_COLUMNS) {
            int left = cols * 3 / 5;
            console = new Rect(0, 0, left, paneRows);
            results = new Rect(left + 1, 0, cols - left - 1, paneRows);
        } else {
            int top = Math.max(1, paneRows * 3 / 5);
            console = new Rect(0, 0, cols, top);
            results = new Rect(0, top, cols, Math.max(1, paneRows - top));
        }
        return new Layout(console, results, new Rect(0, rows - 2, cols, 1), new Rect(0, rows - 1, cols, 1));
    }
}
