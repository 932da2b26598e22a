package dev.mzsh.bats;

import java.io.PrintStream;
import java.util.List;

/** The text report of a BATS run: counts per file, then each failing test with its first diagnostic lines. */
public final class SummaryTable {
    /** How many diagnostic lines of a failing test the summary shows (the TAP file has them all). */
    static final int DIAGNOSTIC_LINES = 6;

    private SummaryTable() {}

    public static void print(BatsResults r, List<String> problems, PrintStream p) {
        List<FileResults> files = r.byFile();
        int width =
                Math.max(4, files.stream().mapToInt(f -> name(f).length()).max().orElse(4));
        String row = "%-" + width + "s  %5s  %6s  %6s  %7s%n";
        p.printf(row, "file", "tests", "passed", "failed", "skipped");
        for (FileResults f : files) {
            p.printf(
                    row,
                    name(f),
                    f.tests().size(),
                    f.count(Outcome.PASSED),
                    f.count(Outcome.FAILED),
                    f.count(Outcome.SKIPPED) + f.count(Outcome.TODO));
        }
        p.printf(
                row,
                "total",
                r.tests().size(),
                r.count(Outcome.PASSED),
                r.count(Outcome.FAILED),
                r.count(Outcome.SKIPPED) + r.count(Outcome.TODO));
        for (TapTest t : r.failed()) {
            p.printf("not ok %d %s%s%n", t.number(), t.name(), t.file().isEmpty() ? "" : "  (" + t.file() + ")");
            List<String> d = t.diagnostics();
            for (String line : d.subList(0, Math.min(DIAGNOSTIC_LINES, d.size()))) {
                p.println("    " + line);
            }
            if (d.size() > DIAGNOSTIC_LINES) {
                p.println("    ... (" + (d.size() - DIAGNOSTIC_LINES) + " more lines in the TAP file)");
            }
        }
        r.running()
                .ifPresent(s -> p.printf(
                        "test %d '%s'%s was running when the run ended%n",
                        s.number(), s.name(), s.file().isEmpty() ? "" : " (" + s.file() + ")"));
        for (String w : r.warnings()) {
            p.println("# " + w);
        }
        for (String problem : problems) {
            p.println("problem: " + problem);
        }
    }

    private static String name(FileResults f) {
        return f.file().isEmpty() ? "(no file)" : f.file();
    }
}
