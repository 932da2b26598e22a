package dev.mzsh.kmap;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How mzsh writes counts (1,234) and byte sizes (12.3 KiB) in reports, messages and panes.
 * Written out by hand rather than with String.format: a kmap summary prints a few hundred of
 * them, and java.util.Formatter made up most of the report's ~50 ms (its first calls run
 * interpreted).
 */
public final class Quantity {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private Quantity() {}

    /** {@code v} with a comma between groups of three digits, as {@code %,d} prints it. */
    public static String count(long v) {
        String digits = Long.toString(v);
        int sign = v < 0 ? 1 : 0;
        int n = digits.length() - sign;
        if (n <= 3) {
            return digits;
        }
        StringBuilder sb = new StringBuilder(digits.length() + (n - 1) / 3);
        sb.append(digits, 0, sign);
        int first = n % 3 == 0 ? 3 : n % 3;
        sb.append(digits, sign, sign + first);
        for (int i = sign + first; i < digits.length(); i += 3) {
            sb.append(',').append(digits, i, i + 3);
        }
        return sb.toString();
    }

    /** Bytes in the largest binary unit that keeps the value at least 1, one decimal, as {@code %.1f} rounds. */
    public static String bytes(long bytes) {
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < UNITS.length - 1) {
            v /= 1024;
            u++;
        }
        if (u == 0) {
            return bytes + " B";
        }
        return new BigDecimal(v).setScale(1, RoundingMode.HALF_UP).toPlainString() + " " + UNITS[u];
    }
}
