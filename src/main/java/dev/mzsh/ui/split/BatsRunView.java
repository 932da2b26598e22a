package dev.mzsh.ui.split;

import com.googlecode.lanterna.TextColor;
import dev.mzsh.bats.BatsResults;
import dev.mzsh.bats.BatsRun;
import dev.mzsh.bats.FileResults;
import dev.mzsh.bats.Outcome;
import dev.mzsh.bats.TapTest;
import java.util.ArrayList;
import java.util.List;

/**
 * A finished run-bats as the results pane draws it: counts per file, every test
 * coloured by outcome (a failure with its first diagnostic lines), then what makes
 * the run untrustworthy, and where the JUnit XML is.
 */
final class BatsRunView implements ResultsBlock {
    static final int DIAGNOSTIC_LINES = 3;
    /** Width of the four count columns with their gaps. */
    static final int COUNT_COLUMNS = 32;

    private final BatsRun run;

    BatsRunView(BatsRun run) {
        this.run = run;
    }

    @Override
    public List<StyledLine> lines(int width) {
        BatsResults r = run.results();
        List<StyledLine> out = new ArrayList<>();
        out.add(new StyledLine.Builder()
                .add(KmapSummaryView.TITLE_COLOR, "BATS ")
                .add(run.passed() ? TextColor.ANSI.GREEN : TextColor.ANSI.RED, run.passed() ? "passed" : "FAILED")
                .add("  " + r.tests().size() + " tests, bats status "
                        + (run.batsStatus() < 0 ? "- (did not finish)" : run.batsStatus()))
                .build());
        List<FileResults> files = r.byFile();
        // the counts always fit; long file names give way, keeping their end (the file's own name)
        int w = Math.max(
                5,
                Math.min(
                        width - COUNT_COLUMNS,
                        files.stream().mapToInt(f -> name(f).length()).max().orElse(5)));
        String row = "%-" + w + "s  %5s  %6s  %6s  %7s";
        out.add(StyledLine.of(
                KmapSummaryView.TITLE_COLOR, String.format(row, "file", "tests", "passed", "failed", "skipped")));
        for (FileResults f : files) {
            out.add(countsRow(
                    w,
                    tail(name(f), w),
                    f.tests().size(),
                    f.count(Outcome.PASSED),
                    f.count(Outcome.FAILED),
                    f.count(Outcome.SKIPPED) + f.count(Outcome.TODO)));
        }
        if (files.size() > 1) {
            out.add(countsRow(
                    w,
                    "total",
                    r.tests().size(),
                    r.count(Outcome.PASSED),
                    r.count(Outcome.FAILED),
                    r.count(Outcome.SKIPPED) + r.count(Outcome.TODO)));
        }
        for (FileResults f : files) {
            out.add(StyledLine.empty());
            out.add(StyledLine.of(KmapSummaryView.TITLE_COLOR, name(f)));
            for (TapTest t : f.tests()) {
                test(out, t);
            }
        }
        r.running()
                .ifPresent(s -> out.add(StyledLine.of(
                        TextColor.ANSI.RED,
                        "test " + s.number() + " '" + s.name() + "' was running when the run ended")));
        for (String warning : r.warnings()) {
            out.add(StyledLine.of(TextColor.ANSI.YELLOW, "# " + warning));
        }
        for (String problem : run.problems()) {
            out.add(StyledLine.of(TextColor.ANSI.RED, "problem: " + problem));
        }
        out.add(StyledLine.of(TextColor.ANSI.DEFAULT, "junit: " + run.junit()));
        return out;
    }

    /** A file's counts under the header; failed and skipped counts coloured when not 0. */
    private static StyledLine countsRow(
            int nameWidth, String name, long tests, long passed, long failed, long skipped) {
        return new StyledLine.Builder()
                .add(String.format("%-" + nameWidth + "s  %5d  %6d", name, tests, passed))
                .add(failed > 0 ? TextColor.ANSI.RED : TextColor.ANSI.DEFAULT, String.format("  %6d", failed))
                .add(skipped > 0 ? TextColor.ANSI.YELLOW : TextColor.ANSI.DEFAULT, String.format("  %7d", skipped))
                .build();
    }

    private static void test(List<StyledLine> out, TapTest t) {
        String reason = t.reason().isEmpty() ? "" : " (" + t.reason() + ")";
        switch (t.outcome()) {
            case PASSED -> out.add(StyledLine.of(TextColor.ANSI.GREEN, "ok " + t.number() + " " + t.name()));
            case FAILED -> {
                out.add(StyledLine.of(TextColor.ANSI.RED, "not ok " + t.number() + " " + t.name()));
                List<String> d = t.diagnostics();
                for (String line : d.subList(0, Math.min(DIAGNOSTIC_LINES, d.size()))) {
                    out.add(StyledLine.of(TextColor.ANSI.DEFAULT, "    " + line));
                }
                if (d.size() > DIAGNOSTIC_LINES) {
                    out.add(StyledLine.of(
                            TextColor.ANSI.DEFAULT,
                            "    ... (" + (d.size() - DIAGNOSTIC_LINES) + " more lines in the TAP file)"));
                }
            }
            case SKIPPED ->
                out.add(StyledLine.of(TextColor.ANSI.YELLOW, "skip " + t.number() + " " + t.name() + reason));
            case TODO -> out.add(StyledLine.of(TextColor.ANSI.YELLOW, "todo " + t.number() + " " + t.name() + reason));
        }
    }

    /** The end of {@code s} in {@code width} cells, an ellipsis where it was cut. */
    static String tail(String s, int width) {
        return s.length() <= width ? s : "\u2026" + s.substring(s.length() - width + 1);
    }

    private static String name(FileResults f) {
        return f.file().isEmpty() ? "(no file)" : f.file();
    }
}
