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
            case ArrowUp -> "\033[A";
            case ArrowDown -> "\033[B";
            case ArrowRight -> "\033[C";
            case ArrowLeft -> "\033[D";
            case Home -> "\033[H";
            case End -> "\033[F";
            case Insert -> "\033[2~";
            case Delete -> "\033[3~";
            case PageUp -> "\033[5~";
            case PageDown -> "\033[6~";
            default -> "";
        };
        return s.getBytes(StandardCharsets.UTF_8);
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
