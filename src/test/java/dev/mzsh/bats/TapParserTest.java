package dev.mzsh.bats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TapParserTest {
    /** Verbatim output of BATS 1.8.2 (--tap) for a file with a pass, a failure and two skips. */
    static final String BATS_TAP = """
            1..4
            ok 1 passes
            not ok 2 fails with output
            # (in test file a.bat, line 6)
            #   `[ 1 -eq 2 ]' failed
            # some output
            ok 3 skipped with reason # skip not today
            ok 4 skipped no reason # skip
            """;

    @Test
    void planPassFailAndSkipsFromRealBatsOutput() {
        BatsResults r = TapParser.parse(BATS_TAP);

        assertThat(r.plan()).hasValueSatisfying(p -> assertThat(p.count()).isEqualTo(4));
        assertThat(r.tests())
                .extracting(TapTest::number, TapTest::name, TapTest::outcome, TapTest::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, "passes", Outcome.PASSED, ""),
                        org.assertj.core.groups.Tuple.tuple(2, "fails with output", Outcome.FAILED, ""),
                        org.assertj.core.groups.Tuple.tuple(3, "skipped with reason", Outcome.SKIPPED, "not today"),
                        org.assertj.core.groups.Tuple.tuple(4, "skipped no reason", Outcome.SKIPPED, ""));
        assertThat(r.problems()).isEmpty();
        assertThat(r.passed()).isFalse();
    }

    @Test
    void diagnosticsBelongToTheTestAboveAndKeepTheirIndentation() {
        BatsResults r = TapParser.parse(BATS_TAP);

        assertThat(r.failed())
                .singleElement()
                .satisfies(t -> assertThat(t.diagnostics())
                        .containsExactly("(in test file a.bat, line 6)", "  `[ 1 -eq 2 ]' failed", "some output"));
        assertThat(r.tests().get(0).diagnostics()).isEmpty();
        assertThat(r.tests().get(2).diagnostics()).isEmpty();
    }

    @Test
    void todoIsAnExpectedFailureAndNotARunFailure() {
        BatsResults r = TapParser.parse("""
                1..3
                not ok 1 not yet # TODO later
                # diag of a todo
                ok 2 surprise # todo
                ok 3 plain
                """);

        assertThat(r.tests())
                .extracting(TapTest::outcome)
                .containsExactly(Outcome.TODO, Outcome.PASSED, Outcome.PASSED);
        assertThat(r.tests().get(0).reason()).isEqualTo("later");
        assertThat(r.tests().get(0).name()).isEqualTo("not yet");
        assertThat(r.tests().get(0).diagnostics()).containsExactly("diag of a todo");
        assertThat(r.passed()).isTrue();
    }

    @Test
    void bailOutIsAProblemOfTheRun() {
        BatsResults r = TapParser.parse("1..3\nok 1 a\nBail out! database gone\n");

        assertThat(r.bailOut()).contains("database gone");
        assertThat(r.problems()).containsExactly("plan 1..3 but 1 tests reported", "Bail out! database gone");
        assertThat(r.passed()).isFalse();
    }

    @Test
    void aMissingPlanIsAProblem() {
        BatsResults r = TapParser.parse("ok 1 a\nok 2 b\n");

        assertThat(r.plan()).isEmpty();
        assertThat(r.problems()).singleElement().asString().startsWith("no TAP plan");
        assertThat(r.passed()).isFalse();
    }

    @Test
    void aPlanThatDoesNotMatchTheTestsSeenIsAProblem() {
        BatsResults r = TapParser.parse("1..5\nok 1 a\nok 2 b\nok 3 c\n");

        assertThat(r.problems()).containsExactly("plan 1..5 but 3 tests reported");
        assertThat(r.failed()).isEmpty();
        assertThat(r.passed()).isFalse();
    }

    @Test
    void aPlanAtTheEndCounts() {
        assertThat(TapParser.parse("ok 1 a\nok 2 b\n1..2\n").passed()).isTrue();
    }

    @Test
    void batsExtendedLinesGiveTheFileAndTheTestThatWasRunning() {
        TapParser p = new TapParser(f -> f.replace("/mnt/mzsh/bats/tests/1-x/", "x/"));
        for (String line : """
                1..3
                suite /mnt/mzsh/bats/tests/1-x/a.bat
                begin 1 first
                ok 1 first
                suite /mnt/mzsh/bats/tests/1-x/b.bats
                begin 2 second
                not ok 2 second
                # (in test file b.bats, line 2)
                begin 3 third
                """.lines().toList()) {
            p.accept(line);
        }
        BatsResults r = p.results();

        assertThat(r.tests()).extracting(TapTest::file).containsExactly("x/a.bat", "x/b.bats");
        assertThat(r.tests().get(1).diagnostics()).containsExactly("(in test file b.bats, line 2)");
        assertThat(r.running()).contains(new StartedTest(3, "third", "x/b.bats"));
        assertThat(r.byFile()).extracting(FileResults::file).containsExactly("x/a.bat", "x/b.bats");
        assertThat(r.problems()).containsExactly("plan 1..3 but 2 tests reported");
        assertThat(TapParser.isBatsExtension("suite /x.bats")).isTrue();
        assertThat(TapParser.isBatsExtension("begin 3 third")).isTrue();
        assertThat(TapParser.isBatsExtension("ok 3 third")).isFalse();
    }

    @Test
    void commentsOutsideATestAreWarningsNotDiagnostics() {
        BatsResults r = TapParser.parse("""
                1..1
                # before any test
                ok 1 a
                # output of a passing test
                # bats warning: Executed 1 instead of expected 2 tests
                """);
        // A comment after an ok line belongs to it (BATS prints passing tests' output that way),
        // except BATS's own run-level warning.
        assertThat(r.warnings())
                .containsExactly("before any test", "bats warning: Executed 1 instead of expected 2 tests");
        assertThat(r.tests().get(0).diagnostics()).containsExactly("output of a passing test");
    }

    @Test
    void tap13YamlBlocksBecomeDiagnostics() {
        BatsResults r = TapParser.parse("""
                TAP version 13
                1..1
                not ok 1 fails with output
                  ---
                  message: |
                    (in test file a.bat, line 6)
                  ...
                """);

        assertThat(r.failed())
                .singleElement()
                .satisfies(t ->
                        assertThat(t.diagnostics()).containsExactly("message: |", "  (in test file a.bat, line 6)"));
    }

    @Test
    void namesKeepHashesThatAreNotDirectivesAndCarriageReturnsAreDropped() {
        BatsResults r = TapParser.parse("1..2\r\nok 1 issue #42 fixed\r\nok 2 - dash style\r\n");

        assertThat(r.tests()).extracting(TapTest::name).containsExactly("issue #42 fixed", "dash style");
        assertThat(r.passed()).isTrue();
    }

    @Test
    void aSkippedPlanIsAnEmptyRun() {
        BatsResults r = TapParser.parse("1..0 # skip no tests here\n");
        assertThat(r.plan()).hasValueSatisfying(p -> assertThat(p.reason()).isEqualTo("no tests here"));
        assertThat(r.tests()).isEmpty();
        assertThat(r.passed()).isTrue();
        assertThat(List.of(r.count(Outcome.PASSED))).containsExactly(0L);
    }
}
