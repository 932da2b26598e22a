package dev.mzsh.ui.split;

import com.googlecode.lanterna.TextColor;
import java.util.ArrayList;
import java.util.List;

/**
 * One results-pane line as coloured pieces. A span without a colour is drawn the
 * way plain output is (TAP lines green/red, mzsh's messages yellow).
 */
public record StyledLine(List<Span> spans) {
    public StyledLine {
        spans = List.copyOf(spans);
    }

    /** A piece of text in one colour; {@code color} null = as plain output. */
    public record Span(String text, TextColor color) {}

    public static StyledLine plain(String text) {
        return new StyledLine(List.of(new Span(text, null)));
    }

    public static StyledLine of(TextColor color, String text) {
        return new StyledLine(List.of(new Span(text, color)));
    }

    public static StyledLine empty() {
        return plain("");
    }

    /** The characters, without colours. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (Span s : spans) {
            sb.append(s.text());
        }
        return sb.toString();
    }

    /** Builds a line span by span. */
    public static final class Builder {
        private final List<Span> spans = new ArrayList<>();

        public Builder add(TextColor color, String text) {
            if (!text.isEmpty()) {
                spans.add(new Span(text, color));
            }
            return this;
        }

        public Builder add(String text) {
            return add(TextColor.ANSI.DEFAULT, text);
        }

        public StyledLine build() {
            return new StyledLine(spans);
        }
    }
}
