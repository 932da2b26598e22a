package dev.mzsh.ui.split;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.mzsh.commands.Foreground;
import java.nio.charset.StandardCharsets;

/** What a key sends to a program in a terminal (the guest shell, gdb): the bytes an xterm would. */
public final class KeyBytes {
    private KeyBytes() {}

    /** True for the key that takes the keyboard back (Ctrl-]; some terminals report it as Ctrl-5). */
    public static boolean isEscape(KeyStroke k) {
        if (k.getKeyType() != KeyType.Character) {
            return false;
        }
        char c = k.getCharacter();
        return c == Foreground.ESCAPE || (k.isCtrlDown() && (c == ']' || c == '5'));
    }

    /** The bytes, or an empty array for keys with no meaning to a terminal program. */
    public static byte[] of(KeyStroke k) {
        String s = switch (k.getKeyType()) {
            case Character -> character(k);
            case Enter -> "\r";
            case Backspace -> "\177";
            case Tab -> "\t";
            case ReverseTab -> "\033[Z";
            case Escape -> "\033";
            case ArrowUp -> cursor(k, 'A');
            case ArrowDown -> cursor(k, 'B');
            case ArrowRight -> cursor(k, 'C');
            case ArrowLeft -> cursor(k, 'D');
            case Home -> cursor(k, 'H');
            case End -> cursor(k, 'F');
            case Insert -> tilde(k, 2);
            case Delete -> tilde(k, 3);
            case PageUp -> tilde(k, 5);
            case PageDown -> tilde(k, 6);
            case F1 -> "\033OP";
            case F2 -> "\033OQ";
            case F3 -> "\033OR";
            case F4 -> "\033OS";
            default -> "";
        };
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The text of {@link #of}: key maps bind these sequences. */
    public static String sequence(KeyStroke k) {
        return new String(of(k), StandardCharsets.UTF_8);
    }

    /** xterm's modifier parameter: 2 Shift, 3 Alt, 5 Ctrl (summed past 1), or 1 for none. */
    private static int modifiers(KeyStroke k) {
        return 1 + (k.isShiftDown() ? 1 : 0) + (k.isAltDown() ? 2 : 0) + (k.isCtrlDown() ? 4 : 0);
    }

    private static String cursor(KeyStroke k, char key) {
        int m = modifiers(k);
        return m == 1 ? "\033[" + key : "\033[1;" + m + key;
    }

    private static String tilde(KeyStroke k, int code) {
        int m = modifiers(k);
        return m == 1 ? "\033[" + code + "~" : "\033[" + code + ";" + m + "~";
    }

    private static String character(KeyStroke k) {
        char c = k.getCharacter();
        String base;
        if (k.isCtrlDown() && c >= '@' && c <= '~') {
            base = String.valueOf((char) (Character.toUpperCase(c) & 0x1f));
        } else {
            base = String.valueOf(c);
        }
        return k.isAltDown() ? "\033" + base : base;
    }
}
