package dev.mzsh.ui.split;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import org.jline.builtins.ScreenTerminal;

/**
 * Reads the attribute half of a JLine {@link ScreenTerminal} cell
 * ({@code 0xYXFFFBBB_cccccccc}: Y = fg/bg set, X = underline/negative/concealed/bold,
 * FFF/BBB = 4-bit r,g,b) and turns it into Lanterna colours, or back into SGR text.
 * The emulator's palette is learnt once by feeding it every SGR colour code.
 */
public final class CellStyle {
    private static final Map<Integer, TextColor.ANSI> ANSI = new HashMap<>();
    private static final Map<Integer, String> SGR_OF = new HashMap<>();

    static {
        TextColor.ANSI[] normal = {
            TextColor.ANSI.BLACK,
            TextColor.ANSI.RED,
            TextColor.ANSI.GREEN,
            TextColor.ANSI.YELLOW,
            TextColor.ANSI.BLUE,
            TextColor.ANSI.MAGENTA,
            TextColor.ANSI.CYAN,
            TextColor.ANSI.WHITE
        };
        TextColor.ANSI[] bright = {
            TextColor.ANSI.BLACK_BRIGHT,
            TextColor.ANSI.RED_BRIGHT,
            TextColor.ANSI.GREEN_BRIGHT,
            TextColor.ANSI.YELLOW_BRIGHT,
            TextColor.ANSI.BLUE_BRIGHT,
            TextColor.ANSI.MAGENTA_BRIGHT,
            TextColor.ANSI.CYAN_BRIGHT,
            TextColor.ANSI.WHITE_BRIGHT
        };
        for (int i = 0; i < 8; i++) {
            learn(String.valueOf(30 + i), normal[i]);
            learn(String.valueOf(90 + i), bright[i]);
        }
        for (int i = 16; i < 256; i++) {
            learn("38;5;" + i, null);
        }
    }

    private static void learn(String sgr, TextColor.ANSI ansi) {
        ScreenTerminal t = new ScreenTerminal(2, 1);
        t.write("\033[" + sgr + "mx");
        long[] cell = new long[2];
        t.dump(cell, 0, 0, 1, 2, null);
        int rgb = fg(cell[0]);
        if (ansi != null) {
            ANSI.putIfAbsent(rgb, ansi);
        }
        SGR_OF.putIfAbsent(rgb, sgr);
    }

    private CellStyle() {}

    static int attr(long cell) {
        return (int) (cell >>> 32);
    }

    static char character(long cell) {
        int c = (int) cell;
        return c == 0 ? ' ' : (char) c;
    }

    static boolean fgSet(long cell) {
        return (attr(cell) >>> 28 & 1) != 0;
    }

    static boolean bgSet(long cell) {
        return (attr(cell) >>> 28 & 2) != 0;
    }

    static int fg(long cell) {
        return attr(cell) >>> 12 & 0xfff;
    }

    static int bg(long cell) {
        return attr(cell) & 0xfff;
    }

    static TextColor color(int rgb12) {
        TextColor.ANSI a = ANSI.get(rgb12);
        if (a != null) {
            return a;
        }
        return new TextColor.RGB((rgb12 >> 8 & 0xf) * 17, (rgb12 >> 4 & 0xf) * 17, (rgb12 & 0xf) * 17);
    }

    public static TextColor foreground(long cell) {
        return fgSet(cell) ? color(fg(cell)) : TextColor.ANSI.DEFAULT;
    }

    public static TextColor background(long cell) {
        return bgSet(cell) ? color(bg(cell)) : TextColor.ANSI.DEFAULT;
    }

    public static EnumSet<SGR> modifiers(long cell) {
        int x = attr(cell) >>> 24 & 0xf;
        EnumSet<SGR> s = EnumSet.noneOf(SGR.class);
        if ((x & 1) != 0) {
            s.add(SGR.UNDERLINE);
        }
        if ((x & 2) != 0) {
            s.add(SGR.REVERSE);
        }
        if ((x & 8) != 0) {
            s.add(SGR.BOLD);
        }
        return s;
    }

    /** An SGR sequence that makes the emulator produce this cell's attributes (colours it cannot name are dropped). */
    static String sgr(long cell) {
        StringBuilder sb = new StringBuilder("\033[0");
        int x = attr(cell) >>> 24 & 0xf;
        if ((x & 1) != 0) {
            sb.append(";4");
        }
        if ((x & 2) != 0) {
            sb.append(";7");
        }
        if ((x & 4) != 0) {
            sb.append(";8");
        }
        if ((x & 8) != 0) {
            sb.append(";1");
        }
        if (fgSet(cell) && SGR_OF.containsKey(fg(cell))) {
            sb.append(';').append(SGR_OF.get(fg(cell)));
        }
        if (bgSet(cell) && SGR_OF.containsKey(bg(cell))) {
            String f = SGR_OF.get(bg(cell));
            sb.append(';')
                    .append(f.startsWith("38;") ? "48;" + f.substring(3) : String.valueOf(Integer.parseInt(f) + 10));
        }
        return sb.append('m').toString();
    }
}
