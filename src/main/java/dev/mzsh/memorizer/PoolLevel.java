package dev.mzsh.memorizer;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How full Memorizer's record pool is: slots (or bytes) held against what there is. Read from
 * the statistics file, whose format is not stable, so only these two lines count and anything
 * else means "unknown": memorizer-sim prints {@code capacity: N} (its object table) and
 * {@code pool_used: N} (slots held by live or freed objects until a clear drops them).
 */
public record PoolLevel(long used, long capacity) {
    private static final Pattern CAPACITY = Pattern.compile("(?m)^capacity: ([0-9]{1,18})$");
    private static final Pattern USED = Pattern.compile("(?m)^pool_used: ([0-9]{1,18})$");

    public PoolLevel {
        if (capacity <= 0 || used < 0) {
            throw new IllegalArgumentException("pool level " + used + " of " + capacity);
        }
    }

    /** Percent of the pool held, 0..100 (a used count above the capacity reads 100). */
    public double percent() {
        return Math.min(100.0, 100.0 * used / capacity);
    }

    /** The level the stats text states, or empty when it states none (a real kernel, a format mzsh does not know). */
    public static Optional<PoolLevel> parse(String stats) {
        Matcher c = CAPACITY.matcher(stats);
        Matcher u = USED.matcher(stats);
        if (!c.find() || !u.find()) {
            return Optional.empty();
        }
        long capacity = Long.parseLong(c.group(1));
        return capacity == 0 ? Optional.empty() : Optional.of(new PoolLevel(Long.parseLong(u.group(1)), capacity));
    }

    @Override
    public String toString() {
        return String.format("%d of %d (%.0f %%)", used, capacity, percent());
    }
}
