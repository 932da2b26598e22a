package dev.mzsh.machine;

import java.util.Arrays;

/**
 * Builds the POSIX sh scripts mzsh sends to a machine. Fixed shell text is
 * written by mzsh; every value that comes from elsewhere (paths, file names,
 * test arguments) goes in through {@code %s} and is single-quoted, so no value
 * can end a word or start a command.
 */
public final class GuestScript {
    private final StringBuilder text = new StringBuilder();

    /** {@code word} as one shell word: single-quoted, each {@code '} written as {@code '\''}. */
    public static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** Quoted words joined by spaces. */
    public static String words(Iterable<String> words) {
        StringBuilder b = new StringBuilder();
        for (String w : words) {
            b.append(b.isEmpty() ? "" : " ").append(quote(w));
        }
        return b.toString();
    }

    /**
     * Adds one line: {@code shell} is mzsh's own text, each {@code %s} in it is
     * replaced by the next value, quoted.
     */
    public GuestScript line(String shell, String... values) {
        text.append(String.format(
                        shell, Arrays.stream(values).map(GuestScript::quote).toArray()))
                .append('\n');
        return this;
    }

    public String text() {
        return text.toString();
    }

    @Override
    public String toString() {
        return text();
    }
}
