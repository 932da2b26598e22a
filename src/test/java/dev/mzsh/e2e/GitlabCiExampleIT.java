package dev.mzsh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * The shipped GitLab CI example, run as it is by gitlab-ci-local (shell executor):
 * its two matrix jobs boot real guests side by side in one checkout, one passes,
 * the demo job fails on its BATS test, and the pipeline says exactly that.
 */
class GitlabCiExampleIT {
    private static final Path EXAMPLE = Path.of("ci/gitlab-ci.example.yml");

    @Test
    void matrixOfTwoJobsReportsOnePassAndOneBatsFailure() throws Exception {
        Path runs = Mzsh.REPO.resolve("mzsh-runs");
        Files.createDirectories(runs);
        Set<String> before = entries(runs);
        Path state = Files.createTempDirectory(Mzsh.REPO.resolve("target"), "gitlab-ci-local-");

        Process p = new ProcessBuilder(
                        "gitlab-ci-local",
                        "--file",
                        EXAMPLE.toString(),
                        "--force-shell-executor",
                        "--no-color",
                        "--state-dir",
                        Mzsh.REPO.relativize(state).toString())
                .directory(Mzsh.REPO.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(15, TimeUnit.MINUTES))
                .as("gitlab-ci-local finished")
                .isTrue();

        // The pipeline's own verdict: one job passed, one failed, so the pipeline failed.
        assertThat(out).as(out).containsPattern("(?m)^ PASS +memorizer: \\[smoke\\]");
        assertThat(out).as(out).containsPattern("(?m)^ FAIL +memorizer: \\[demo-failure\\]");
        assertThat(p.exitValue()).as(out).isEqualTo(1);

        Set<String> made = entries(runs);
        made.removeAll(before);
        Path smoke = onlyRun(runs, made, "memorizer-smoke-");
        Path demo = onlyRun(runs, made, "memorizer-demo-failure-");

        // Each job wrote only its own run directory, with the JUnit report GitLab reads.
        Element smokeReport = junit(smoke);
        assertThat(Integer.parseInt(smokeReport.getAttribute("tests"))).isPositive();
        assertThat(smokeReport.getAttribute("failures")).isEqualTo("0");
        assertThat(smoke.resolve("kmap-001.kmap")).isRegularFile();
        assertThat(smoke.resolve("kmap-001.html")).isRegularFile(); // the report to look at, beside its kmap
        Element demoReport = junit(demo);
        assertThat(List.of(demoReport.getAttribute("tests"), demoReport.getAttribute("failures")))
                .containsExactly("2", "1");
        assertThat(Files.readString(demo.resolve("bats/junit.xml"))).contains("deliberately wrong expectation");

        // The run directories are the jobs' artifacts, exported by the runner.
        try (Stream<Path> s = Files.walk(state.resolve("artifacts"))) {
            assertThat(s.map(Path::toString)
                            .filter(f -> f.endsWith("/bats/junit.xml"))
                            .count())
                    .isPositive();
        }
        try (Stream<Path> s = Files.walk(state.resolve("artifacts"))) {
            assertThat(s.map(Path::toString)
                            .filter(f -> f.endsWith("/kmap-001.html"))
                            .count())
                    .isPositive();
        }
        assertThat(Mzsh.qemuProcesses(smoke.toString())).isEmpty();
        assertThat(Mzsh.qemuProcesses(demo.toString())).isEmpty();
    }

    private static Set<String> entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(f -> f.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    private static Path onlyRun(Path runs, Set<String> made, String prefix) {
        List<String> named = made.stream().filter(n -> n.startsWith(prefix)).toList();
        assertThat(named)
                .as("run directories named " + prefix + "* among " + made)
                .hasSize(1);
        return runs.resolve(named.get(0));
    }

    private static Element junit(Path run) throws Exception {
        byte[] xml = Files.readAllBytes(run.resolve("bats/junit.xml"));
        return DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml))
                .getDocumentElement();
    }
}
