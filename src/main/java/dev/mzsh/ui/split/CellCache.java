package dev.mzsh.ui.split;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;

/**
 * The Lanterna cells the split view draws, each built once. Building a
 * TextCharacter is costly (a BreakIterator, an EnumSet and a String, ~300 bytes of
 * garbage), and Lanterna asks every cell of the screen whether it is double-width
 * (a Unicode block lookup) on each refresh; a screen repeats the same few
 * character/colour pairs, so a cached {@link Cell} answers from a field. Emulator
 * cells are kept in a map emptied when it grows large; plain text in pages per
 * colour pair. Used on the UI thread only.
 */
final class CellCache {
    private static final int MAX_ENTRIES = 8192;
    private final Map<Long, TextCharacter> cells = new HashMap<>();
    private final Map<TextColor, Map<TextColor, TextCharacter[][]>> text = new HashMap<>();

    /** A TextCharacter that knows its width and is equal to itself at a glance. */
    static final class Cell extends TextCharacter {
        private final boolean doubleWidth;

        // Lanterna deprecates its constructors for fromCharacter's arrays; a subclass has only them
        @SuppressWarnings("deprecation")
        Cell(char c, TextColor fg, TextColor bg, EnumSet<SGR> modifiers) {
            super(c, fg, bg, modifiers);
            this.doubleWidth = super.isDoubleWidth();
        }

        @Override
        public boolean isDoubleWidth() {
            return doubleWidth;
        }

        @Override
        public boolean equals(Object o) {
            return this == o || super.equals(o);
        }

        @Override
        public int hashCode() {
            return super.hashCode();
        }
    }

    /** The cell for an emulator cell (character and attributes). */
    TextCharacter of(long cell) {
        TextCharacter tc = cells.get(cell);
        if (tc == null) {
            if (cells.size() >= MAX_ENTRIES) {
                cells.clear();
            }
            tc = new Cell(
                    printable(CellStyle.character(cell)),
                    CellStyle.foreground(cell),
                    CellStyle.background(cell),
                    CellStyle.modifiers(cell));
            cells.put(cell, tc);
        }
        return tc;
    }

    /** The cell drawn as a cursor (reverse video). */
    TextCharacter cursor(long cell) {
        return of(cell).withModifier(SGR.REVERSE);
    }

    /** The cell of plain text: {@code c} (made printable) in {@code fg} on {@code bg}. */
    TextCharacter text(char c, TextColor fg, TextColor bg) {
        TextCharacter[][] pages =
                text.computeIfAbsent(fg, k -> new HashMap<>()).computeIfAbsent(bg, k -> new TextCharacter[256][]);
        TextCharacter[] page = pages[c >>> 8];
        if (page == null) {
            page = new TextCharacter[256];
            pages[c >>> 8] = page;
        }
        TextCharacter tc = page[c & 0xff];
        if (tc == null) {
            tc = new Cell(printable(c), fg, bg, EnumSet.noneOf(SGR.class));
            page[c & 0xff] = tc;
        }
        return tc;
    }

    /** Draws {@code s} from ({@code col}, {@code row}), a cell per character. */
    void put(TextGraphics g, int col, int row, String s, TextColor fg, TextColor bg) {
        for (int i = 0; i < s.length(); i++) {
            g.setCharacter(col + i, row, text(s.charAt(i), fg, bg));
        }
    }

    static char printable(char c) {
        return c < ' ' || (c >= 0x7f && c < 0xa0) ? ' ' : c;
    }
}
