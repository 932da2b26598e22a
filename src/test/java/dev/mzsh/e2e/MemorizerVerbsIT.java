package dev.mzsh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mzsh.testing.InProcessShell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Memorizer verbs on memorizer-sim, through the real ./mzsh (issue 4). */
class MemorizerVerbsIT {
    @TempDir
    Path work;

    private Path runDir(String name) {
        return work.resolve(name);
    }

    /** The command column of each object line. */
    private static Set<String> commands(String kmap) {
        return new HashSet<>(KmapLines.commands(kmap));
    }

    private static List<Path> hiddenParts(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
        }
    }

    /**
     * The verbs one after another on one guest (a boot under TCG is the cost), each
     * test a verb or a small group, so that a failure names its verb. In this order:
     * nothing is traced before the mode-3 test (the boot runs with tracing off).
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class OnOneGuest {
        private Path dir;
        private Path run;
        private InProcessShell sh;

        @BeforeAll
        void boot(@TempDir Path tmp) throws Exception {
            dir = tmp;
            run = dir.resolve("run");
            sh = InProcessShell.booting(run, new ScriptedForeground());
            verbs("boot");
        }

        @AfterAll
        void powerOff() throws Exception {
            if (sh != null) {
                sh.close();
            }
        }

        /** Runs each line as the shell would; each must succeed. Returns the report text of all of them. */
        private String verbs(String... lines) {
            sh.clearOutput();
            for (String l : lines) {
                assertThat(sh.run(l)).as(l + "\n" + sh.err()).isZero();
            }
            return sh.err();
        }

        private static int verifiedByXxh32(String report) {
            return report.split("verified \\(xxh32 ", -1).length - 1;
        }

        @Test
        @Order(1)
        void statusNamesTheGenerationAndTheOnlineCpus() {
            assertThat(verbs("status"))
                    .contains("memorizer      newest (memorizer-sim --sim newest)")
                    .contains("cpus online    2 of 2 (0-1 of 0-1)")
                    .contains("mode           0 (off)");
        }

        @Test
        @Order(2)
        void logSwitchesShowInStatus() {
            assertThat(verbs("log-live off", "log-access on", "status"))
                    .contains("switches       log-access on, log-live off, log-calls off");
        }

        @Test
        @Order(3)
        void enable3ArmsTheModeForTheNextExecWhoseShellAloneIsTraced() throws Exception {
            Path mine = dir.resolve("mine.kmap");
            String report = verbs("log-live off", "log-access on", "enable 3", "status");
            assertThat(report).contains("mode           0 (off); armed for the next exec: 3 (marked processes)");
            assertThat(verbs("exec ls / > /dev/null", "status")).contains("mode           3 (marked processes)\n");
            report = verbs("dump-kmap --to " + mine);
            assertThat(verifiedByXxh32(report)).as(report).isEqualTo(1);
            assertThat(report).contains("reading kmap switched Memorizer off");
            // Mode 3 was written by the exec's own shell: only that shell and its ls were traced.
            String traced = Files.readString(mine);
            assertThat(KmapLines.bad(traced)).isEmpty();
            assertThat(commands(traced)).contains("ls").isSubsetOf(Set.of("sh", "ls"));
            assertThat(numberedKmaps())
                    .as("--to takes no number of the run directory")
                    .isEmpty();
        }

        @Test
        @Order(4)
        void enableTracesTheSystemAndEveryDumpKmapIsVerified() throws Exception {
            assertThat(verbs("log-live on", "enable")).contains("memorizer: mode 1 (whole system)");
            verbs("exec ls -l / > /dev/null", "disable");
            List<String> before = numberedKmaps();
            String report = verbs("dump-kmap", "dump-kmap");
            assertThat(verifiedByXxh32(report)).as(report).isEqualTo(2);
            List<String> dumped =
                    numberedKmaps().stream().filter(n -> !before.contains(n)).toList();
            assertThat(dumped).hasSize(2);
            for (String name : dumped) {
                String kmap = Files.readString(run.resolve(name));
                assertThat(kmap).as(name).isNotEmpty();
                assertThat(KmapLines.bad(kmap)).as(name).isEmpty();
                assertThat(commands(kmap)).as(name).contains("ls");
            }
        }

        @Test
        @Order(5)
        void streamKmapCapturesWhileTracingAndStatusShowsItsBytes() throws Exception {
            String report = verbs(
                    "stream-kmap start",
                    "enable 1",
                    "exec i=0; while [ $i -lt 40 ]; do ls -R /usr > /dev/null; i=$((i+1)); done",
                    "status");
            assertThat(report).containsPattern("stream-kmap    kmap-stream-001.kmap, [0-9.]+ [KM]?i?B in \\d+ s");
            report = verbs("stream-kmap stop", "disable");
            assertThat(report)
                    .containsPattern(
                            "stream-kmap: stopped after \\d+ s; .* in .*kmap-stream-001.kmap, verified \\(xxh32 [0-9a-f]{8}\\)");
            assertThat(verifiedByXxh32(report)).as(report).isEqualTo(1);
            String streamed = Files.readString(run.resolve("kmap-stream-001.kmap"));
            assertThat(streamed).isNotEmpty();
            assertThat(KmapLines.bad(streamed)).isEmpty();
        }

        @Test
        @Order(6)
        void statsPrintsTheKernelsStatistics() {
            verbs("stats");
            assertThat(sh.out()).contains("simulation: yes");
        }

        @Test
        @Order(7)
        void transfersLeaveNoPartsBehind() throws Exception {
            assertThat(hiddenParts(run)).isEmpty();
            assertThat(hiddenParts(run.resolve("guest"))).isEmpty();
        }

        /** The run directory's kmap-NNN.kmap files (not the stream capture's). */
        private List<String> numberedKmaps() throws Exception {
            try (Stream<Path> s = Files.list(run)) {
                return s.map(p -> p.getFileName().toString())
                        .filter(n -> n.matches("kmap-\\d+\\.kmap"))
                        .sorted()
                        .toList();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"newest", "v6.6-old"})
    void experimentLeavesAKmapOfTheCommand(String abi) throws Exception {
        Path run = runDir(abi);
        Mzsh.Result r = Mzsh.run(work, "--sim", abi, "--run-dir", run.toString(), "-c", "experiment -- ls -l /");
        assertThat(r.status()).as(r.stderr()).isZero();
        assertThat(r.out()).contains("bin").contains("proc");
        String kmap = Files.readString(run.resolve("kmap-001.kmap"));
        assertThat(KmapLines.bad(kmap)).isEmpty();
        assertThat(commands(kmap)).contains("ls");
        assertThat(r.stderr()).contains("experiment: preparing").contains("verified");
        // The summary: ls among the top commands, sites named from the guest's kallsyms.
        String heading = "commands by count";
        assertThat(r.stderr()).contains(heading);
        String commandsSection = r.stderr().split(heading, 2)[1].split("\n\n", 2)[0];
        assertThat(commandsSection).containsPattern("(?m)^\\s+\\d+\\s+[\\d,]+ ls$");
        assertThat(r.stderr()).containsPattern("[a-z_][a-z_0-9.]*\\+0x[0-9a-f]+ \\(ffffffff[0-9a-f]{8}\\)");
    }

    @Test
    void aFailingExperimentCommandStillSavesItsKmap() throws Exception {
        Path run = runDir("fails");
        Mzsh.Result r =
                Mzsh.run(work, "--run-dir", run.toString(), "-c", "experiment --mode 3 -- ls /nonexistent; status");
        assertThat(r.status()).as(r.stderr()).isEqualTo(1);
        assertThat(r.stderr())
                .contains("experiment: exit status 1: ls /nonexistent (the kmap was saved)")
                .doesNotContain("mode           3");
        assertThat(run.resolve("kmap-001.kmap")).exists();
    }

    @Test
    void badDestinationsFailBeforeTouchingTheGuestAndLoseNothing() throws Exception {
        Path run = runDir("dest");
        Mzsh.Result r = Mzsh.run(work, "--run-dir", run.toString(), "-c", "dump-kmap --to /nonexistent/x");
        assertThat(r.status()).as(r.stderr()).isEqualTo(1);
        assertThat(r.stderr())
                .contains("dump-kmap --to /nonexistent/x: directory /nonexistent does not exist")
                .doesNotContain("booting");
        assertThat(Path.of("/nonexistent")).doesNotExist();

        Path precious = work.resolve("precious.kmap");
        Files.writeString(precious, "keep me");
        r = Mzsh.run(work, "-c", "dump-kmap --to " + precious);
        assertThat(r.status()).as(r.stderr()).isEqualTo(1);
        assertThat(r.stderr()).contains("the file exists and mzsh never overwrites");
        assertThat(Files.readString(precious)).isEqualTo("keep me");
        assertThat(hiddenParts(run)).isEmpty();
        assertThat(hiddenParts(run.resolve("guest"))).isEmpty();
        try (Stream<Path> s = Files.list(run)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("kmap"));
        }
    }

    @Test
    void aKernelWithoutMemorizerExitsFourAndAMissingFileNamesTheOthers() throws Exception {
        Mzsh.Result r = Mzsh.run(work, "--sim", "off", "-c", "boot; status; enable");
        assertThat(r.status()).as(r.stderr()).isEqualTo(4);
        assertThat(r.stderr())
                .contains("memorizer      none (")
                .contains("mzsh: enable: the guest kernel")
                .contains("CONFIG_MEMORIZER=y");

        r = Mzsh.run(work, "--sim", "v6.6-old", "-c", "log-access on; log-calls on");
        assertThat(r.status()).as(r.stderr()).isEqualTo(1);
        assertThat(r.stderr())
                .contains("log-access: on")
                .contains("log-calls: this kernel has no log_calls_enabled in /sys/kernel/debug/memorizer; it has: ")
                .contains("memorizer_log_access");
    }

    @Test
    void badModesAreUsageErrors() throws Exception {
        Mzsh.Result r = Mzsh.run(work, "-c", "enable fast");
        assertThat(r.status()).as(r.stderr()).isEqualTo(2);
        assertThat(r.stderr())
                .contains("enable: Invalid value", "'fast' is not a mode")
                .doesNotContain("booting");
        r = Mzsh.run(work, "-c", "experiment --mode 7 -- true");
        assertThat(r.status()).as(r.stderr()).isEqualTo(2);
    }
}
