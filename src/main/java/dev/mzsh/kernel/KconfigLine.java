package dev.mzsh.kernel;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One option setting as kconfig writes it: {@code CONFIG_X=value} or
 * {@code # CONFIG_X is not set} (value "n").
 *
 * @param name  the symbol without the CONFIG_ prefix
 * @param value y, m, n, a number or a quoted string, as written
 */
public record KconfigLine(String name, String value) {
    private static final Pattern SET = Pattern.compile("CONFIG_([A-Za-z0-9_]+)=(.*)");
    private static final Pattern NOT_SET = Pattern.compile("# CONFIG_([A-Za-z0-9_]+) is not set");

    /** The setting on {@code line}; empty for blank lines, comments and anything else. */
    public static Optional<KconfigLine> parse(String line) {
        String t = line.strip();
        Matcher m = SET.matcher(t);
        if (m.matches()) {
            return Optional.of(new KconfigLine(m.group(1), m.group(2).strip()));
        }
        m = NOT_SET.matcher(t);
        if (m.matches()) {
            return Optional.of(new KconfigLine(m.group(1), "n"));
        }
        return Optional.empty();
    }

    /** A blank line or a comment that sets nothing. */
    static boolean isComment(String line) {
        String t = line.strip();
        return t.isEmpty() || t.startsWith("#");
    }

    @Override
    public String toString() {
        return value.equals("n") ? "# CONFIG_" + name + " is not set" : "CONFIG_" + name + "=" + value;
    }
}
