package dev.mzsh.ui.split;

import java.util.Locale;

/** How the results pane writes counts (1,234) and byte sizes (12.3 KiB). */
final class Quantity {
    private Quantity() {}

    static String count(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    static String bytes(long bytes) {
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
