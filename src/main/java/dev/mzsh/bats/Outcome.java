package dev.mzsh.bats;

/**
 * How one TAP test line ended. TAP's TODO is an expected failure: {@code not ok # TODO}
 * does not fail the run; {@code ok # TODO} (an unexpected pass) counts as {@link #PASSED}.
 */
public enum Outcome {
    PASSED,
    FAILED,
    SKIPPED,
    TODO
}
