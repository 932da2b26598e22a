package dev.mzsh.bats;

import java.nio.file.Path;
import java.util.List;

/**
 * A finished run-bats, as published on the session's event bus for front ends.
 *
 * @param directory   the run's bats directory (e.g. {@code RUN/bats})
 * @param tap         the TAP file
 * @param junit       the JUnit XML file
 * @param results     what the TAP stream said
 * @param problems    why the run as a whole is not trustworthy (empty when it is)
 * @param batsStatus  bats's exit status, or -1 when it did not end by itself (guest died, timeout, cancel)
 */
public record BatsRun(
        Path directory, Path tap, Path junit, BatsResults results, List<String> problems, int batsStatus) {
    public BatsRun {
        problems = List.copyOf(problems);
    }

    public boolean passed() {
        return results.failed().isEmpty() && problems.isEmpty();
    }
}
