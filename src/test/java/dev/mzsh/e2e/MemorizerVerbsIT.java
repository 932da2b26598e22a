package dev.mzsh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
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

    /** The command (current) or executable (legacy) column of each object line. */
    private static Set<String> commands(String kmap, boolean legacy) {
        return kmap.lines().filter(l -> !l.isEmpty() && !l.startsWith(" "))
                .map(l -> l.split(",", -1)[legacy ? 7 : 8]).collect(Collectors.toSet());
    }

    private static List<Path> hiddenParts(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
        }
    }

    /**
     * The verbs one after another on one guest, one test each, so that a failure
     * names its verb. Later steps build on earlier ones (the armed mode, the
     * numbered kmaps); nothing is traced before enable 3 (the boot runs with
     * tracing off), so mode 3 can only have recorded the exec's own shell and its ls.
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class OnOneGuest {
        private Path dir;
        private Path run;
        private InProcessShell shell;

        @BeforeAll
        void boot() throws Exception {
            dir = Files.createTempDirectory("mzsh-verbs-it");
            run = dir.resolve("run");
            shell = new InProcessShell(run, dev.mzsh.commands.Foreground.NONE);
            assertThat(shell.shell.execute("boot")).as(shell.err()).isZero();
        }

        @AfterAll
        void end() throws Exception {
            shell.close();
        }

        /** Runs {@code line}; returns its messages (reports and errors), failing unless it succeeded. */
        private String ok(String line) {
            shell.clearOutput();
            int status = shell.shell.execute(line);
            assertThat(status).as(line + ":\n" + shell.err()).isZero();
            return shell.err();
        }

        @Test
        @Order(1)
        void logSwitches() {
            assertThat(ok("log-live off")).contains("log-live: off");
            assertThat(ok("log-access on")).contains("log-access: on");
        }

        @Test
        @Order(2)
        void enable3OnlyArms() {
            assertThat(ok("enable 3")).contains("armed");
            assertThat(ok("status")).contains("memorizer      current names (memorizer-sim)")
                    .contains("mode           0 (off); armed for the next exec: 3 (marked processes)")
                    .contains("switches       log-access on, log-live off, log-calls off");
        }

        @Test
        @Order(3)
        void execWritesTheArmedMode() {
            ok("exec ls / > /dev/null");
            assertThat(ok("status")).contains("mode           3 (marked processes)\n");
        }

        @Test
        @Order(4)
        void dumpKmapToAFileHoldsOnlyTheTracedCommand() throws Exception {
            Path mine = dir.resolve("mine.kmap");
            assertThat(ok("dump-kmap --to " + mine)).contains("verified (sha256 ")
                    .contains("reading kmap switched Memorizer off");
            String traced = Files.readString(mine);
            assertThat(KmapLines.bad(traced, false)).isEmpty();
            assertThat(commands(traced, false)).contains("ls").isSubsetOf(Set.of("sh", "ls"));
        }

        @Test
        @Order(5)
        void enableAndDisable() {
            ok("log-live on");
            assertThat(ok("enable")).contains("memorizer: mode 1 (whole system)");
            ok("exec ls -l / > /dev/null");
            assertThat(ok("disable")).contains("memorizer: mode 0 (off)");
        }

        @Test
        @Order(6)
        void dumpKmapNumbersItsCopies() throws Exception {
            assertThat(ok("dump-kmap")).contains("kmap-001.kmap").contains("verified (sha256 ");
            assertThat(ok("dump-kmap")).contains("kmap-002.kmap").contains("verified (sha256 ");
            for (String name : List.of("kmap-001.kmap", "kmap-002.kmap")) {
                String kmap = Files.readString(run.resolve(name));
                assertThat(kmap).as(name).isNotEmpty();
                assertThat(KmapLines.bad(kmap, false)).as(name).isEmpty();
                assertThat(commands(kmap, false)).as(name).contains("ls");
            }
            assertThat(run.resolve("kmap-003.kmap")).doesNotExist();
        }

        @Test
        @Order(7)
        void streamKmap() throws Exception {
            assertThat(ok("stream-kmap start")).contains("kmap-stream-001.kmap");
            ok("enable 1");
            ok("exec i=0; while [ $i -lt 40 ]; do ls -R /usr > /dev/null; i=$((i+1)); done");
            assertThat(ok("status")).containsPattern("stream-kmap    kmap-stream-001.kmap, [0-9.]+ [KM]?i?B in \\d+ s");
            assertThat(ok("stream-kmap stop")).containsPattern("stream-kmap: stopped after \\d+ s");
            String streamed = Files.readString(run.resolve("kmap-stream-001.kmap"));
            assertThat(streamed).isNotEmpty();
            assertThat(KmapLines.bad(streamed, false)).isEmpty();
        }

        @Test
        @Order(8)
        void stats() throws Exception {
            ok("stats");
            assertThat(shell.out()).contains("simulation: yes");
            assertThat(hiddenParts(run)).as("no half-written copy left").isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"current", "legacy"})
    void experimentLeavesAKmapOfTheCommand(String abi) throws Exception {
        Path run = runDir(abi);
        Mzsh.Result r = Mzsh.run(work, "--sim", abi, "--run-dir", run.toString(), "-c", "experiment -- ls -l /");
        assertThat(r.status()).as(r.stderr()).isZero();
        assertThat(r.out()).contains("bin").contains("proc");
        String kmap = Files.readString(run.resolve("kmap-001.kmap"));
        boolean legacy = abi.equals("legacy");
        assertThat(KmapLines.bad(kmap, legacy)).isEmpty();
        assertThat(commands(kmap, legacy)).contains("ls");
        assertThat(r.stderr()).contains("experiment: preparing").contains("verified");
        // The summary: ls among the top commands, sites named from the guest's kallsyms.
        String heading = legacy ? "executables by count" : "commands by count";
        assertThat(r.stderr()).contains(heading);
        String commandsSection = r.stderr().split(heading, 2)[1].split("\n\n", 2)[0];
        assertThat(commandsSection).containsPattern("(?m)^\\s+\\d+\\s+[\\d,]+ ls$");
        assertThat(r.stderr()).containsPattern("[a-z_][a-z_0-9.]*\\+0x[0-9a-f]+ \\(ffffffff[0-9a-f]{8}\\)");
    }

    @Test
    void aFailingExperimentCommandStillSavesItsKmap() throws Exception {
        Path run = runDir("fails");
        Mzsh.Result r = Mzsh.run(work, "--run-dir", run.toString(), "-c",
                "experiment --mode 3 -- ls /nonexistent; status");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.stderr()).contains("experiment: exit status 1: ls /nonexistent (the kmap was saved)")
                .doesNotContain("mode           3");
        assertThat(run.resolve("kmap-001.kmap")).exists();
    }

    @Test
    void badDestinationsFailBeforeTouchingTheGuestAndLoseNothing() throws Exception {
        Path run = runDir("dest");
        Mzsh.Result r = Mzsh.run(work, "--run-dir", run.toString(), "-c", "dump-kmap --to /nonexistent/x");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.stderr()).contains("dump-kmap --to /nonexistent/x: directory /nonexistent does not exist")
                .doesNotContain("booting");
        assertThat(Path.of("/nonexistent")).doesNotExist();

        Path precious = work.resolve("precious.kmap");
        Files.writeString(precious, "keep me");
        r = Mzsh.run(work, "-c", "dump-kmap --to " + precious);
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.stderr()).contains("the file exists and mzsh never overwrites");
        assertThat(Files.readString(precious)).isEqualTo("keep me");
        assertThat(hiddenParts(run)).isEmpty();
        try (Stream<Path> s = Files.list(run)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("kmap"));
        }
    }

    @Test
    void aKernelWithoutMemorizerExitsFourAndAMissingFileNamesTheOthers() throws Exception {
        Mzsh.Result r = Mzsh.run(work, "--sim", "off", "-c", "boot; status; enable");
        assertThat(r.status()).isEqualTo(4);
        assertThat(r.stderr()).contains("memorizer      none (")
                .contains("mzsh: enable: the guest kernel").contains("CONFIG_MEMORIZER=y");

        r = Mzsh.run(work, "--sim", "legacy", "-c", "log-access on; log-calls on");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.stderr()).contains("log-access: on")
                .contains("log-calls: this kernel has no log_calls_enabled in /sys/kernel/debug/memorizer; it has: ")
                .contains("memorizer_log_access");
    }

    @Test
    void badModesAreUsageErrors() throws Exception {
        Mzsh.Result r = Mzsh.run(work, "-c", "enable fast");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.stderr()).contains("enable: Invalid value", "'fast' is not a mode").doesNotContain("booting");
        r = Mzsh.run(work, "-c", "experiment --mode 7 -- true");
        assertThat(r.status()).isEqualTo(2);
    }
}
