package dev.mzsh.ui.split;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextCharacter;
import java.util.HashMap;
import java.util.Map;

/**
 * Lanterna cells for emulator cells. Building a TextCharacter is costly (it runs a
 * BreakIterator and copies an EnumSet), and a console repeats the same few
 * character/colour pairs, so each is built once; the map is emptied when it grows
 * large. Used on the UI thread only.
 */
final class CellCache {
    private static final int MAX_ENTRIES = 8192;
    private final Map<Long, TextCharacter> cells = new HashMap<>();

    TextCharacter of(long cell) {
        TextCharacter tc = cells.get(cell);
        if (tc == null) {
            if (cells.size() >= MAX_ENTRIES) {
                cells.clear();
            }
            tc = new TextCharacter(printable(CellStyle.character(cell)), CellStyle.foreground(cell),
                    CellStyle.background(cell), CellStyle.modifiers(cell));
            cells.put(cell, tc);
        }
        return tc;
    }

    /** The cell drawn as a cursor (reverse video). */
    TextCharacter cursor(long cell) {
        return of(cell).withModifier(SGR.REVERSE);
    }

    static char printable(char c) {
        return c < ' ' || (c >= 0x7f && c < 0xa0) ? ' ' : c;
    }
}
