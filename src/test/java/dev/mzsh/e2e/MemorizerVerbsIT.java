package dev.mzsh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
        return new java.util.HashSet<>(KmapLines.commands(kmap));
    }

    private static List<Path> hiddenParts(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
        }
    }

    @Test
    void verbsDriveTheKernelAndKmapsLandVerified() throws Exception {
        Path run = runDir("run");
        Path mine = work.resolve("mine.kmap");
        Path script = work.resolve("verbs.mzsh");
        Files.writeString(script, String.join("\n",
                // Nothing is traced before this (the boot runs with tracing off), so mode 3
                // can only have recorded the exec's own shell and its ls.
                "boot", "log-live off", "log-access on", "enable 3", "status", "exec ls / > /dev/null", "status",
                "dump-kmap --to " + mine,
                "log-live on", "enable", "exec ls -l / > /dev/null", "disable",
                "dump-kmap", "dump-kmap",
                "stream-kmap start", "enable 1",
                "exec i=0; while [ $i -lt 40 ]; do ls -R /usr > /dev/null; i=$((i+1)); done",
                "status", "stream-kmap stop", "stats"));
        Mzsh.Result r = Mzsh.run(work, "--run-dir", run.toString(), "-f", script.toString());
        assertThat(r.status()).as(r.stderr()).isZero();
        String err = r.stderr();
        assertThat(err).contains("memorizer      v26 (v6.6.30-memorizer-26: renamed files) (memorizer-sim --sim newest)")
                .contains("cpus online    2 of 2 (0-1 of 0-1)")
                .contains("mode           0 (off); armed for the next exec: 3 (marked processes)")
                .contains("mode           3 (marked processes)\n")
                .contains("switches       log-access on, log-live off, log-calls off")
                .contains("memorizer: mode 1 (whole system)")
                .contains("reading kmap switched Memorizer off")
                .containsPattern("stream-kmap    kmap-stream-001.kmap, [0-9.]+ [KM]?i?B in \\d+ s")
                .containsPattern("stream-kmap: stopped after \\d+ s; .* in .*kmap-stream-001.kmap, verified \\(xxh32 [0-9a-f]{8}\\)");
        // three dumps and the stream, each verified by count and XXH32
        assertThat(err.split("verified \\(xxh32 ", -1)).hasSize(5);
        for (String name : List.of("kmap-001.kmap", "kmap-002.kmap")) {
            String kmap = Files.readString(run.resolve(name));
            assertThat(kmap).as(name).isNotEmpty();
            assertThat(KmapLines.bad(kmap)).as(name).isEmpty();
            assertThat(commands(kmap)).as(name).contains("ls");
        }
        // Mode 3 was written by the exec's own shell: only that shell and its ls were traced.
        String traced = Files.readString(mine);
        assertThat(KmapLines.bad(traced)).isEmpty();
        assertThat(commands(traced)).contains("ls").isSubsetOf(Set.of("sh", "ls"));
        String streamed = Files.readString(run.resolve("kmap-stream-001.kmap"));
        assertThat(streamed).isNotEmpty();
        assertThat(KmapLines.bad(streamed)).isEmpty();
        assertThat(r.out()).contains("simulation: yes");
        assertThat(hiddenParts(run)).isEmpty();
        assertThat(hiddenParts(run.resolve("guest"))).isEmpty();
        assertThat(run.resolve("kmap-003.kmap")).doesNotExist();
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
        assertThat(hiddenParts(run.resolve("guest"))).isEmpty();
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

        r = Mzsh.run(work, "--sim", "v6.6-old", "-c", "log-access on; log-calls on");
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
