package dev.mzsh.bats;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes results as JUnit XML in the shape GitLab and Jenkins read: one
 * {@code <testsuite>} per test file with tests/failures/errors/skipped counts,
 * {@code <testcase classname name>}, {@code <failure message>} holding the
 * diagnostics, {@code <skipped message>}.
 *
 * <p>Written from the TAP mzsh parsed rather than by BATS's own
 * {@code --report-formatter junit}, which BATS 1.8.2 (the guest's) supports but which
 * is less faithful: it holds the whole report in memory and writes it when its
 * formatter exits, so a guest panic mid-run leaves no report at all; it runs in a
 * process substitution that is still writing when bats exits (read at once, the file
 * here lacked the second file's suite and the closing tag); it escapes ESC as
 * {@code &#27;}, which XML 1.0 forbids, so coloured test output makes it ill-formed;
 * its {@code <failure>} has no message. Problems of the run as a whole (plan
 * mismatch, bail-out, a test that was running when the guest died) become
 * {@code <error>} test cases, so CI sees them as failures too.
 */
public final class JUnitReport {
    /** The suite that carries problems of the run as a whole. */
    public static final String RUN_SUITE = "run-bats";

    private static final String NO_FILE = "bats";

    private JUnitReport() {}

    /** Writes {@code out} atomically (a temporary sibling, then a rename). */
    public static void write(BatsResults results, List<String> problems, Path out) throws IOException {
        Path tmp = out.resolveSibling(out.getFileName() + ".partial");
        try (OutputStream o = Files.newOutputStream(tmp)) {
            write(results, problems, o);
        }
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static void write(BatsResults results, List<String> problems, OutputStream out) throws IOException {
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            w.writeStartDocument("UTF-8", "1.0");
            nl(w, 0);
            List<FileResults> files = results.byFile();
            Optional<StartedTest> running = results.running();
            int errors = problems.size() + (running.isPresent() ? 1 : 0);
            w.writeStartElement("testsuites");
            w.writeAttribute("name", RUN_SUITE);
            w.writeAttribute("tests", String.valueOf(results.tests().size() + errors));
            w.writeAttribute("failures", String.valueOf(results.count(Outcome.FAILED)));
            w.writeAttribute("errors", String.valueOf(errors));
            w.writeAttribute("skipped", String.valueOf(results.count(Outcome.SKIPPED) + results.count(Outcome.TODO)));
            for (FileResults f : files) {
                Optional<StartedTest> here = running.filter(r -> r.file().equals(f.file()));
                suite(w, f, here);
            }
            if (!problems.isEmpty()) {
                problemSuite(w, problems);
            }
            nl(w, 0);
            w.writeEndElement();
            nl(w, 0);
            w.writeEndDocument();
            w.flush();
            w.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write JUnit XML: " + e.getMessage(), e);
        }
    }

    private static void suite(XMLStreamWriter w, FileResults f, Optional<StartedTest> running)
            throws XMLStreamException {
        String name = f.file().isEmpty() ? NO_FILE : f.file();
        nl(w, 1);
        w.writeStartElement("testsuite");
        w.writeAttribute("name", clean(name));
        w.writeAttribute("tests", String.valueOf(f.tests().size() + (running.isPresent() ? 1 : 0)));
        w.writeAttribute("failures", String.valueOf(f.count(Outcome.FAILED)));
        w.writeAttribute("errors", running.isPresent() ? "1" : "0");
        w.writeAttribute("skipped", String.valueOf(f.count(Outcome.SKIPPED) + f.count(Outcome.TODO)));
        for (TapTest t : f.tests()) {
            testCase(w, name, t);
        }
        if (running.isPresent()) {
            nl(w, 2);
            w.writeStartElement("testcase");
            w.writeAttribute("classname", clean(name));
            w.writeAttribute("name", clean(running.get().name()));
            nl(w, 3);
            w.writeEmptyElement("error");
            w.writeAttribute(
                    "message",
                    "the run ended while this test was running (test "
                            + running.get().number() + ")");
            w.writeAttribute("type", "incomplete");
            nl(w, 2);
            w.writeEndElement();
        }
        nl(w, 1);
        w.writeEndElement();
    }

    private static void testCase(XMLStreamWriter w, String classname, TapTest t) throws XMLStreamException {
        nl(w, 2);
        boolean body = t.outcome() != Outcome.PASSED;
        if (!body) {
            w.writeEmptyElement("testcase");
        } else {
            w.writeStartElement("testcase");
        }
        w.writeAttribute("classname", clean(classname));
        w.writeAttribute("name", clean(t.name()));
        if (!body) {
            return;
        }
        nl(w, 3);
        switch (t.outcome()) {
            case FAILED -> {
                w.writeStartElement("failure");
                w.writeAttribute("message", clean(failureMessage(t)));
                w.writeAttribute("type", "failure");
                w.writeCharacters(clean(String.join("\n", t.diagnostics())));
                w.writeEndElement();
            }
            case SKIPPED -> {
                w.writeEmptyElement("skipped");
                w.writeAttribute("message", clean(t.reason()));
            }
            case TODO -> {
                w.writeEmptyElement("skipped");
                w.writeAttribute("message", clean(("TODO " + t.reason()).strip()));
            }
            default -> throw new IllegalStateException(t.outcome().name());
        }
        nl(w, 2);
        w.writeEndElement();
    }

    private static void problemSuite(XMLStreamWriter w, List<String> problems) throws XMLStreamException {
        nl(w, 1);
        w.writeStartElement("testsuite");
        w.writeAttribute("name", RUN_SUITE);
        w.writeAttribute("tests", String.valueOf(problems.size()));
        w.writeAttribute("failures", "0");
        w.writeAttribute("errors", String.valueOf(problems.size()));
        w.writeAttribute("skipped", "0");
        for (String p : problems) {
            nl(w, 2);
            w.writeStartElement("testcase");
            w.writeAttribute("classname", RUN_SUITE);
            w.writeAttribute("name", clean(p));
            nl(w, 3);
            w.writeEmptyElement("error");
            w.writeAttribute("message", clean(p));
            w.writeAttribute("type", "run");
            nl(w, 2);
            w.writeEndElement();
        }
        nl(w, 1);
        w.writeEndElement();
    }

    /** The first two non-blank diagnostic lines, e.g. "(in test file x.bats, line 6) `false' failed". */
    static String failureMessage(TapTest t) {
        List<String> first = new ArrayList<>();
        for (String d : t.diagnostics()) {
            if (!d.isBlank() && first.size() < 2) {
                first.add(d.strip());
            }
        }
        return first.isEmpty() ? "failed" : String.join(" ", first);
    }

    private static void nl(XMLStreamWriter w, int depth) throws XMLStreamException {
        w.writeCharacters("\n" + "  ".repeat(depth));
    }

    /** XML 1.0 cannot carry most control characters (test output may hold escape sequences): U+FFFD stands in. */
    static String clean(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c == '\t'
                    || c == '\n'
                    || c == '\r'
                    || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD)
                    || Character.isSurrogate(c);
            if (!ok) {
                if (b == null) {
                    b = new StringBuilder(s.substring(0, i));
                }
                b.append('\uFFFD');
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }
}
