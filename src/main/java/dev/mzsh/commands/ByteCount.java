package dev.mzsh.commands;

/** Byte counts as people read them: 812 B, 3.4 KiB, 1.2 GiB. */
final class ByteCount {
    private ByteCount() {}

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format("%.1f %s", v, units[u]);
    }
}
