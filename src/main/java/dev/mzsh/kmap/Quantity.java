package dev.mzsh.kmap;

import java.util.Locale;

/** How mzsh writes counts (1,234) and byte sizes (12.3 KiB) in reports, messages and panes. */
public final class Quantity {
    private Quantity() {}

    public static String count(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    public static String bytes(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
