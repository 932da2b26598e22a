package dev.mzsh.ui.split;

import com.googlecode.lanterna.TextColor;
import dev.mzsh.kmap.Quantity;
import java.util.ArrayList;
import java.util.List;

/**
 * A horizontal bar chart as results-pane lines: {@code label  count  note  bar},
 * the bar scaled so the largest value fills the room left on the line, drawn with
 * Unicode block characters at eighth-of-a-cell resolution. Numbers come before the
 * bar, so a line cut by a narrow pane loses bar, never digits.
 */
final class BarChart {
    static final char FULL = '\u2588';
    /** Left-aligned partial blocks, one to seven eighths. */
    private static final char[] EIGHTHS = {'\u258F', '\u258E', '\u258D', '\u258C', '\u258B', '\u258A', '\u2589'};

    static final TextColor BAR_COLOR = TextColor.ANSI.CYAN;
    static final int INDENT = 2;
    static final int MIN_BAR = 8;

    /** One bar: what it is, its value and an optional note after the count (e.g. bytes). */
    record Bar(String label, long value, String note) {}

    private BarChart() {}

    static List<StyledLine> lines(List<Bar> bars, int width) {
        long max = bars.stream().mapToLong(Bar::value).max().orElse(0);
        int countWidth = bars.stream()
                .mapToInt(b -> Quantity.count(b.value()).length())
                .max()
                .orElse(1);
        int noteWidth = bars.stream().mapToInt(b -> b.note().length()).max().orElse(0);
        int fixed = INDENT + 2 + countWidth + (noteWidth > 0 ? 2 + noteWidth : 0) + 1;
        int longestLabel = bars.stream().mapToInt(b -> b.label().length()).max().orElse(0);
        // labels give way to the bar down to a third of the line
        int labelWidth = Math.min(longestLabel, Math.max(Math.max(6, width / 3), width - fixed - MIN_BAR));
        int barWidth = Math.max(1, width - fixed - labelWidth);
        List<StyledLine> out = new ArrayList<>();
        for (Bar b : bars) {
            String count = Quantity.count(b.value());
            StyledLine.Builder line = new StyledLine.Builder()
                    .add(" ".repeat(INDENT) + pad(cut(b.label(), labelWidth), labelWidth) + "  ")
                    .add(" ".repeat(countWidth - count.length()) + count);
            if (noteWidth > 0) {
                line.add(TextColor.ANSI.DEFAULT, "  " + pad(b.note(), noteWidth));
            }
            out.add(line.add(" ").add(BAR_COLOR, bar(b.value(), max, barWidth)).build());
        }
        return out;
    }

    /** {@code value/max} of {@code cells} in block characters; any non-zero value shows at least an eighth. */
    static String bar(long value, long max, int cells) {
        if (value <= 0 || max <= 0) {
            return "";
        }
        long eighths = Math.max(1, Math.round((double) value / max * cells * 8));
        StringBuilder sb = new StringBuilder();
        sb.append(String.valueOf(FULL).repeat((int) (eighths / 8)));
        if (eighths % 8 != 0) {
            sb.append(EIGHTHS[(int) (eighths % 8) - 1]);
        }
        return sb.toString();
    }

    static String cut(String s, int width) {
        if (s.length() <= width) {
            return s;
        }
        return width <= 1 ? s.substring(0, Math.max(0, width)) : s.substring(0, width - 1) + "\u2026";
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
