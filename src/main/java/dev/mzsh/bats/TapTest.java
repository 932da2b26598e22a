package dev.mzsh.bats;

import java.util.ArrayList;
import java.util.List;

/**
 * One test result line and the diagnostics ({@code # ...} lines) that followed it.
 *
 * @param number      the test number TAP gave it
 * @param name        its description, without the directive
 * @param file        the test file it came from ("" when the stream did not say)
 * @param outcome     passed, failed, skipped or TODO
 * @param reason      the skip or TODO reason ("" when none)
 * @param diagnostics the comment lines after it, without the leading "# " (indentation kept)
 */
public record TapTest(int number, String name, String file, Outcome outcome, String reason, List<String> diagnostics) {
    public TapTest {
        diagnostics = List.copyOf(diagnostics);
    }

    /** A copy with one more diagnostic line. */
    TapTest withDiagnostic(String line) {
        List<String> d = new ArrayList<>(diagnostics);
        d.add(line);
        return new TapTest(number, name, file, outcome, reason, d);
    }
}
