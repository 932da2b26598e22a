package dev.mzsh.session;

import java.util.Locale;
import java.util.Map;

/**
 * How much a guest may make the host store: the console log and the share. Set by
 * {@code MZSH_CONSOLE_LOG_MAX} and {@code MZSH_SHARE_MAX} (bytes, or with K/M/G).
 *
 * @param consoleLogMax bytes of console.log per run; later console output is not logged
 * @param shareMax      bytes the guest may hold in its share; beyond, the guest is stopped
 */
public record RunBounds(long consoleLogMax, long shareMax) {
    public static final long DEFAULT_CONSOLE_LOG_MAX = 256L << 20;
    /** Far above the largest kmaps seen (a few GB), far below a full disk. */
    public static final long DEFAULT_SHARE_MAX = 64L << 30;

    public static RunBounds fromEnvironment() {
        return from(System.getenv());
    }

    static RunBounds from(Map<String, String> env) {
        return new RunBounds(
                size(env, "MZSH_CONSOLE_LOG_MAX", DEFAULT_CONSOLE_LOG_MAX),
                size(env, "MZSH_SHARE_MAX", DEFAULT_SHARE_MAX));
    }

    static long size(Map<String, String> env, String name, long fallback) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        String s = v.strip().toUpperCase(Locale.ROOT);
        int shift = switch (s.charAt(s.length() - 1)) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            default -> 0;
        };
        try {
            long n = Long.parseLong(shift == 0 ? s : s.substring(0, s.length() - 1));
            if (n <= 0) {
                throw new NumberFormatException();
            }
            return n << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "=" + v + " is not a size; use e.g. 512M or 8G");
        }
    }

    /** MZSH_DUMP_MAX: the most a crash dump file may take (default: no limit but the free space). */
    static long dumpMax() {
        return size(System.getenv(), "MZSH_DUMP_MAX", Long.MAX_VALUE);
    }

    /** "256 MiB" for notices. */
    static String describe(long bytes) {
        return bytes % (1L << 30) == 0
                ? (bytes >> 30) + " GiB"
                : bytes % (1L << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }
}
