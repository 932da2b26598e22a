package dev.mzsh.bats;

/**
 * A TAP plan line {@code first..last}, optionally {@code 1..0 # skip reason}.
 */
public record TapPlan(int first, int last, String reason) {
    /** How many tests the plan announces. */
    public int count() {
        return Math.max(0, last - first + 1);
    }

    @Override
    public String toString() {
        return first + ".." + last;
    }
}
