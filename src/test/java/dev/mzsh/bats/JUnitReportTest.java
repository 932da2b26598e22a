package dev.mzsh.bats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JUnitReportTest {
    @TempDir
    Path dir;

    private static BatsResults results(String tap) {
        TapParser p = new TapParser();
        tap.lines().forEach(p::accept);
        return p.results();
    }

    private static Document parse(byte[] xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    private static Document write(BatsResults r, List<String> problems) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JUnitReport.write(r, problems, out);
        return parse(out.toByteArray());
    }

    private static List<Element> elements(Element parent, String tag) {
        NodeList nl = parent.getElementsByTagName(tag);
        return java.util.stream.IntStream.range(0, nl.getLength())
                .mapToObj(i -> (Element) nl.item(i))
                .toList();
    }

    @Test
    void oneSuitePerFileWithCountsFailuresAndSkips() throws Exception {
        Document d = write(results("""
                1..5
                suite /g/a.bat
                ok 1 passes
                not ok 2 fails <with> "markup" & more
                # (in test file a.bat, line 6)
                #   `[ 1 -eq 2 ]' failed
                # some output
                ok 3 skipped with reason # skip not today
                suite /g/b.bats
                ok 4 b ok
                not ok 5 todo # TODO later
                """), List.of());
        Element root = d.getDocumentElement();

        assertThat(root.getTagName()).isEqualTo("testsuites");
        assertThat(root.getAttribute("tests")).isEqualTo("5");
        assertThat(root.getAttribute("failures")).isEqualTo("1");
        assertThat(root.getAttribute("errors")).isEqualTo("0");
        assertThat(root.getAttribute("skipped")).isEqualTo("2");
        List<Element> suites = elements(root, "testsuite");
        assertThat(suites).extracting(s -> s.getAttribute("name")).containsExactly("/g/a.bat", "/g/b.bats");
        Element a = suites.get(0);
        assertThat(List.of(a.getAttribute("tests"), a.getAttribute("failures"), a.getAttribute("skipped")))
                .containsExactly("3", "1", "1");
        List<Element> cases = elements(a, "testcase");
        assertThat(cases)
                .extracting(c -> c.getAttribute("name"))
                .containsExactly("passes", "fails <with> \"markup\" & more", "skipped with reason");
        assertThat(cases).extracting(c -> c.getAttribute("classname")).containsOnly("/g/a.bat");
        Element failure = elements(cases.get(1), "failure").get(0);
        assertThat(failure.getAttribute("message")).isEqualTo("(in test file a.bat, line 6) `[ 1 -eq 2 ]' failed");
        assertThat(failure.getTextContent())
                .isEqualTo("(in test file a.bat, line 6)\n  `[ 1 -eq 2 ]' failed\nsome output");
        assertThat(elements(cases.get(0), "failure")).isEmpty();
        assertThat(elements(cases.get(2), "skipped").get(0).getAttribute("message"))
                .isEqualTo("not today");
        Element todo = elements(suites.get(1), "testcase").get(1);
        assertThat(elements(todo, "skipped").get(0).getAttribute("message")).isEqualTo("TODO later");
        assertThat(elements(todo, "failure")).isEmpty();
    }

    @Test
    void runProblemsAndTheTestThatWasRunningAreErrors() throws Exception {
        Document d = write(
                results("""
                1..4
                suite /g/a.bat
                begin 1 a
                ok 1 a
                begin 2 panics
                Bail out! mzsh: the guest failed during the run
                """),
                results("1..4\nok 1 a\nBail out! mzsh: the guest failed during the run\n")
                        .problems());
        Element root = d.getDocumentElement();

        assertThat(root.getAttribute("errors")).isEqualTo("3");
        List<Element> suites = elements(root, "testsuite");
        assertThat(suites).extracting(s -> s.getAttribute("name")).containsExactly("/g/a.bat", JUnitReport.RUN_SUITE);
        Element running = elements(suites.get(0), "testcase").get(1);
        assertThat(running.getAttribute("name")).isEqualTo("panics");
        assertThat(elements(running, "error").get(0).getAttribute("message")).contains("was running");
        assertThat(elements(suites.get(1), "error"))
                .extracting(e -> e.getAttribute("message"))
                .containsExactly("plan 1..4 but 1 tests reported", "Bail out! mzsh: the guest failed during the run");
    }

    @Test
    void controlCharactersInTestOutputStillGiveWellFormedXml() throws Exception {
        Document d = write(results("1..1\nnot ok 1 colours\n# \u001b[31mred\u001b[0m \u0000 end\n"), List.of());
        Element failure = elements(d.getDocumentElement(), "failure").get(0);
        assertThat(failure.getTextContent()).isEqualTo("\uFFFD[31mred\uFFFD[0m \uFFFD end");
    }

    @Test
    void plainTapWithoutFileLinesGoesIntoOneSuite() throws Exception {
        Document d = write(results("1..1\nok 1 a\n"), List.of());
        assertThat(elements(d.getDocumentElement(), "testsuite"))
                .extracting(s -> s.getAttribute("name"))
                .containsExactly("bats");
    }

    @Test
    void writingToAFileIsAtomic() throws Exception {
        Path out = dir.resolve("junit.xml");
        JUnitReport.write(results("1..1\nok 1 a\n"), List.of(), out);
        assertThat(parse(Files.readAllBytes(out)).getDocumentElement().getAttribute("tests"))
                .isEqualTo("1");
        assertThat(dir.resolve("junit.xml.partial")).doesNotExist();
    }
}
