package dev.mzsh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** run-bats on a real guest through ./mzsh: the guest's real BATS, real memorizer-sim. */
class RunBatsIT {
    @TempDir
    Path work;

    private static final String MZ = "/sys/kernel/debug/memorizer/memorizer_enabled";

    /** Upstream Memorizer's test shape (docs/memorizer-abi.md, "Upstream BATS tests"), as a .bat file. */
    private static String upstreamStateTest(int mode) {
        return "@test \"memorizer state " + mode + " works\" {\n"
                + "    echo -n " + mode + " > " + MZ + "\n"
                + "    grep -q \"^" + mode + "\" " + MZ + "\n"
                + "    echo -n 0 > " + MZ + "\n"
                + "}\n\n";
    }

    private static Document xml(Path p) throws Exception {
        return DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(Files.readAllBytes(p)));
    }

    private static List<Element> elements(Element parent, String tag) {
        NodeList nl = parent.getElementsByTagName(tag);
        return IntStream.range(0, nl.getLength())
                .mapToObj(i -> (Element) nl.item(i))
                .toList();
    }

    @Test
    void upstreamBatFilesRunFromAHostFolderAndAFailureExitsOne() throws Exception {
        Path tests = Files.createDirectories(work.resolve("memorizer-tests"));
        Files.writeString(
                tests.resolve("01-states.bat"),
                upstreamStateTest(1) + upstreamStateTest(2) + upstreamStateTest(3) + upstreamStateTest(0));
        Files.writeString(tests.resolve("helper.bash"), "mode() { cut -c1 " + MZ + "; }\n");
        Files.writeString(tests.resolve("02-more.bat"), """
                load helper

                @test "helper beside the test is loaded" {
                    [ "$(mode)" = 0 ]
                }

                @test "a deliberately wrong expectation" {
                    echo -n 2 > %1$s
                    echo "mode is now $(mode)"
                    [ "$(mode)" = 3 ]
                }

                @test "skipped upstream-style" {
                    skip "needs real Memorizer"
                }
                """.formatted(MZ));
        Files.writeString(tests.resolve("notes.txt"), "not a test\n");
        Path run = work.resolve("run");

        Mzsh.Result r = Mzsh.run(work, "--run-dir", run.toString(), "-c", "run-bats " + tests);

        assertThat(r.status()).as(r.stderr()).isEqualTo(1);
        assertThat(r.out()).as("batch stdout carries only guest command output").isEmpty();
        assertThat(r.stderr())
                .contains(
                        "not ok 6 a deliberately wrong expectation", "mode is now 2", "run-bats: 1 of 7 tests failed");
        List<String> tap = Files.readAllLines(run.resolve("bats/results.tap"));
        assertThat(tap.get(0)).isEqualTo("1..7");
        assertThat(tap).filteredOn(l -> l.startsWith("ok ")).hasSize(6);
        assertThat(tap)
                .filteredOn(l -> l.startsWith("not ok "))
                .containsExactly("not ok 6 a deliberately wrong expectation");
        assertThat(tap)
                .contains("ok 1 memorizer state 1 works", "ok 7 skipped upstream-style # skip needs real Memorizer");
        assertThat(run.resolve("bats/results.tap.partial")).doesNotExist();
        assertThat(run.resolve("guest/bats/tests/1-memorizer-tests/helper.bash"))
                .exists();

        Element root = xml(run.resolve("bats/junit.xml")).getDocumentElement();
        assertThat(List.of(
                        root.getAttribute("tests"),
                        root.getAttribute("failures"),
                        root.getAttribute("skipped"),
                        root.getAttribute("errors")))
                .containsExactly("7", "1", "1", "0");
        List<Element> suites = elements(root, "testsuite");
        String dir = tests.toString();
        assertThat(suites)
                .extracting(s -> s.getAttribute("name"))
                .containsExactly(dir + "/01-states.bat", dir + "/02-more.bat");
        assertThat(suites).extracting(s -> s.getAttribute("failures")).containsExactly("0", "1");
        Element failure = elements(root, "failure").get(0);
        assertThat(((Element) failure.getParentNode()).getAttribute("name"))
                .isEqualTo("a deliberately wrong expectation");
        assertThat(failure.getAttribute("message")).contains("02-more.bat");
        assertThat(failure.getTextContent()).contains("mode is now 2");
        assertThat(Mzsh.qemuProcesses(run.toString())).isEmpty();
    }

    @Test
    void theDefaultSuitePassesOnMemorizerSim() throws Exception {
        Path run = work.resolve("run");
        Mzsh.Result r = Mzsh.run(work, "--run-dir", run.toString(), "-c", "run-bats");

        assertThat(r.status()).as(r.stderr()).isZero();
        Element root = xml(run.resolve("bats/junit.xml")).getDocumentElement();
        assertThat(root.getAttribute("failures")).isEqualTo("0");
        assertThat(root.getAttribute("errors")).isEqualTo("0");
        assertThat(Integer.parseInt(root.getAttribute("tests"))).isGreaterThan(10);
        assertThat(elements(root, "testsuite"))
                .extracting(s -> s.getAttribute("name"))
                .contains("bats-tests/01-files.bats", "bats-tests/05-format.bats");
        String tap = Files.readString(run.resolve("bats/results.tap"));
        assertThat(tap).startsWith("1..").doesNotContain("not ok");
        assertThat(r.stderr()).contains("total");
    }

    @Test
    void aGuestPanicDuringTheRunExitsThreeAndKeepsWhatWasSeen() throws Exception {
        Path tests = Files.createDirectories(work.resolve("crash"));
        Files.writeString(tests.resolve("crash.bat"), """
                @test "before the crash" {
                    true
                }

                @test "crashes the kernel" {
                    # give BATS's output pipeline time to pass on what came before
                    sleep 2
                    echo c > /proc/sysrq-trigger
                }

                @test "never runs" {
                    true
                }
                """);
        Path run = work.resolve("run");

        Mzsh.Result r = Mzsh.run(work, "--run-dir", run.toString(), "-c", "run-bats " + tests + "; exec echo never");

        assertThat(r.status()).as(r.stderr()).isEqualTo(3);
        assertThat(r.stderr()).contains("Kernel panic", "test 2 'crashes the kernel'");
        assertThat(r.out()).isEmpty();
        List<String> tap = Files.readAllLines(run.resolve("bats/results.tap"));
        assertThat(tap.get(0)).isEqualTo("1..3");
        assertThat(tap).contains("ok 1 before the crash");
        assertThat(tap.get(tap.size() - 1)).startsWith("Bail out! mzsh: the guest failed during the run");
        assertThat(run.resolve("bats/results.tap.partial")).doesNotExist();
        Element root = xml(run.resolve("bats/junit.xml")).getDocumentElement();
        assertThat(elements(root, "error"))
                .extracting(e -> e.getAttribute("message"))
                .contains("plan 1..3 but 1 tests reported")
                .anySatisfy(m -> assertThat(m).contains("was running"));
        assertThat(Mzsh.qemuProcesses(run.toString())).isEmpty();
    }
}
