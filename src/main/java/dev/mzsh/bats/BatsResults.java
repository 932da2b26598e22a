package dev.mzsh.bats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a TAP stream said.
 *
 * @param plan     the plan line, if one came
 * @param tests    the test lines in stream order
 * @param bailOut  the reason of a {@code Bail out!} line, if one came
 * @param warnings comments outside any test (e.g. BATS's own "# bats warning: ...")
 * @param running  a test that started but never reported (the run ended inside it)
 */
public record BatsResults(
        Optional<TapPlan> plan,
        List<TapTest> tests,
        Optional<String> bailOut,
        List<String> warnings,
        Optional<StartedTest> running) {
    public BatsResults {
        tests = List.copyOf(tests);
        warnings = List.copyOf(warnings);
    }

    public long count(Outcome outcome) {
        return tests.stream().filter(t -> t.outcome() == outcome).count();
    }

    public List<TapTest> failed() {
        return tests.stream().filter(t -> t.outcome() == Outcome.FAILED).toList();
    }

    /** Tests grouped by file, files in the order they first appeared. */
    public List<FileResults> byFile() {
        Map<String, List<TapTest>> files = new LinkedHashMap<>();
        for (TapTest t : tests) {
            files.computeIfAbsent(t.file(), f -> new ArrayList<>()).add(t);
        }
        running.ifPresent(r -> files.computeIfAbsent(r.file(), f -> new ArrayList<>()));
        return files.entrySet().stream()
                .map(e -> new FileResults(e.getKey(), e.getValue()))
                .toList();
    }

    /**
     * What makes the run as a whole untrustworthy, independent of single tests:
     * no plan, a plan that does not match the tests seen, a bail-out.
     */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (plan.isEmpty()) {
            p.add("no TAP plan (1..N) in the output; " + tests.size() + " tests reported");
        } else if (plan.get().count() != tests.size()) {
            p.add("plan " + plan.get() + " but " + tests.size() + " tests reported");
        }
        bailOut.ifPresent(b -> p.add("Bail out! " + b));
        return p;
    }

    /** True when no test failed and the stream is complete and consistent. */
    public boolean passed() {
        return failed().isEmpty() && problems().isEmpty();
    }
}
