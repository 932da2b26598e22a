package dev.mzsh.ui.split;

import java.util.ArrayList;
import java.util.List;

/** The F1 overlay's text, generated from the declared keys ({@link SplitKeys}) for a width. */
public final class KeyHelp {
    static final String TITLE = "mzsh split view - keys";
    private static final String NOTE =
            "gdb and 'console' panes keep the keyboard until they end or Ctrl-]. Plain prompt: mzsh --plain.";

    private KeyHelp() {}

    /** The overlay's lines, none wider than {@code width}: each key row's text wraps under its own column. */
    public static List<String> lines(int width) {
        int keyColumn =
                SplitKeys.ROWS.stream().mapToInt(r -> r.keys().length()).max().orElse(0) + 2;
        boolean narrow = width - keyColumn < 24; // too narrow for two columns: the text goes under its keys
        int indent = narrow ? 2 : keyColumn;
        List<String> lines = new ArrayList<>();
        lines.addAll(wrap(TITLE, width));
        for (SplitKeys.Row row : SplitKeys.ROWS) {
            List<String> text = wrap(row.help(), Math.max(8, width - indent));
            if (narrow) {
                lines.add(row.keys());
            } else {
                lines.add(pad(row.keys(), keyColumn) + text.remove(0));
            }
            text.forEach(t -> lines.add(" ".repeat(indent) + t));
        }
        lines.addAll(wrap(NOTE, width));
        return lines;
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(1, width - s.length()));
    }

    /** Words into lines of at most {@code width} characters (a longer word is cut). */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
            while (line.length() > width) {
                lines.add(line.substring(0, width));
                line.delete(0, width);
            }
        }
        if (line.length() > 0 || lines.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }
}
