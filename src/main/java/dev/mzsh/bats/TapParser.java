package dev.mzsh.bats;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A streaming TAP parser for BATS output, fed one line at a time.
 *
 * <p>Why not tap4j (4.4.2, evaluated on real BATS 1.8.2 output): it strips the
 * leading whitespace of comment lines, which destroys BATS's diagnostics layout
 * (bats-assert prints indented multi-line values), it silently drops BATS's
 * extended lines ({@code suite FILE}, {@code begin N NAME}) that tell which file a
 * test belongs to and which test was running when a guest died, and it leaves a
 * trailing space in names that carry a directive. It also pulls snakeyaml 1.17.
 *
 * <p>Understood lines: the plan {@code 1..N} (anywhere), {@code ok}/{@code not ok}
 * with {@code # skip}/{@code # TODO} directives, {@code # ...} diagnostics (they belong
 * to the test line above them), {@code Bail out!}, {@code TAP version}, indented
 * TAP13 YAML blocks (kept as diagnostics) and the BATS extended lines. Anything
 * else is ignored, as TAP asks.
 */
public final class TapParser {
    private static final Pattern PLAN =
            Pattern.compile("^(\\d+)\\.\\.(\\d+)\\s*(?:#\\s*(?:skip\\S*)?\\s*(.*))?$", Pattern.CASE_INSENSITIVE);
    private static final Pattern TEST = Pattern.compile("^(not )?ok\\b\\s*(\\d+)?\\s*(?:-\\s+)?(.*)$");
    private static final Pattern DIRECTIVE =
            Pattern.compile("^(.*?)\\s*(?<!\\\\)#\\s*(skip|todo)\\S*(?:\\s+(.*))?$", Pattern.CASE_INSENSITIVE);
    private static final Pattern BAIL_OUT = Pattern.compile("^Bail out!\\s*(.*)$");
    private static final Pattern SUITE = Pattern.compile("^suite (.+)$");
    private static final Pattern BEGIN = Pattern.compile("^begin (\\d+) (.*)$");

    private final UnaryOperator<String> fileNames;
    private final List<TapTest> tests = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    /** Diagnostic lines kept per test, and warnings per run, in memory: the guest decides how many it prints. */
    static final int MAX_KEPT_LINES = 200;

    private TapPlan plan;
    private String bailOut;
    private String file = "";
    private StartedTest started;
    /** Whether comment lines now belong to the last test (false after a plan or before any test). */
    private boolean inTest;

    /** @param fileNames maps the file names BATS prints (guest paths) to the names to report */
    public TapParser(UnaryOperator<String> fileNames) {
        this.fileNames = fileNames;
    }

    public TapParser() {
        this(UnaryOperator.identity());
    }

    /** Parses a whole stream at once (tests, offline use). */
    public static BatsResults parse(String tap) {
        TapParser p = new TapParser();
        tap.lines().forEach(p::accept);
        return p.results();
    }

    /** What a line is, for callers that treat BATS's extended lines differently from TAP. */
    public static boolean isBatsExtension(String line) {
        return SUITE.matcher(line).matches() || BEGIN.matcher(line).matches();
    }

    public void accept(String raw) {
        String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
        Matcher m;
        if (line.startsWith("#")) {
            comment(line.startsWith("# ") ? line.substring(2) : line.substring(1));
        } else if ((m = TEST.matcher(line)).matches()) {
            test(m);
        } else if ((m = PLAN.matcher(line)).matches()) {
            plan = new TapPlan(
                    Integer.parseInt(m.group(1)),
                    Integer.parseInt(m.group(2)),
                    m.group(3) == null ? "" : m.group(3).strip());
            inTest = false;
        } else if ((m = BAIL_OUT.matcher(line)).matches()) {
            bailOut = m.group(1).strip();
            inTest = false;
        } else if ((m = SUITE.matcher(line)).matches()) {
            file = fileNames.apply(m.group(1));
            inTest = false;
        } else if ((m = BEGIN.matcher(line)).matches()) {
            started = new StartedTest(Integer.parseInt(m.group(1)), m.group(2), file);
            inTest = false;
        } else if (inTest && !line.isBlank() && Character.isWhitespace(line.charAt(0))) {
            // TAP13 YAML diagnostics block: indented lines under the test
            String s = line.strip();
            if (!s.equals("---") && !s.equals("...")) {
                attach(line.length() >= 2 ? line.substring(2) : s);
            }
        }
    }

    private void comment(String text) {
        // BATS's own count check ("bats warning: Executed 3 instead of expected 5 tests") is about the run
        if (inTest && !text.startsWith("bats warning:")) {
            attach(text);
        } else if (warnings.size() < MAX_KEPT_LINES) {
            warnings.add(text);
        }
    }

    private void attach(String text) {
        int last = tests.size() - 1;
        int kept = tests.get(last).diagnostics().size();
        if (kept < MAX_KEPT_LINES) {
            tests.set(
                    last,
                    tests.get(last)
                            .withDiagnostic(
                                    kept == MAX_KEPT_LINES - 1
                                            ? "[mzsh: further diagnostics only in results.tap]"
                                            : text));
        }
    }

    private void test(Matcher m) {
        boolean ok = m.group(1) == null;
        int number = m.group(2) != null ? Integer.parseInt(m.group(2)) : tests.size() + 1;
        String description = m.group(3);
        Outcome outcome = ok ? Outcome.PASSED : Outcome.FAILED;
        String reason = "";
        Matcher d = DIRECTIVE.matcher(description);
        if (d.matches()) {
            description = d.group(1);
            reason = d.group(3) == null ? "" : d.group(3).strip();
            if (d.group(2).equalsIgnoreCase("skip")) {
                outcome = Outcome.SKIPPED;
            } else if (!ok) {
                outcome = Outcome.TODO; // an expected failure; an "ok # TODO" stays a pass
            }
        }
        tests.add(new TapTest(number, description.strip(), file, outcome, reason, List.of()));
        if (started != null && started.number() == number) {
            started = null;
        }
        inTest = true;
    }

    public BatsResults results() {
        return new BatsResults(
                Optional.ofNullable(plan), tests, Optional.ofNullable(bailOut), warnings, Optional.ofNullable(started));
    }
}
