package dev.mzsh.bats;

import java.util.List;

/** The tests of one test file, in stream order. */
public record FileResults(String file, List<TapTest> tests) {
    public FileResults {
        tests = List.copyOf(tests);
    }

    public long count(Outcome outcome) {
        return tests.stream().filter(t -> t.outcome() == outcome).count();
    }
}
