package dev.mzsh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** memorizer-sim on Debian's stock kernel, driven through ./mzsh (issue 3). */
class MemorizerSimIT {
    private static final List<String> CURRENT_FILES = List.of("accesses", "allocations", "clear_dead_objects",
            "clear_function_calls", "clear_printed_objects", "kmap", "kmap_stream", "log_accesses_enabled",
            "log_calls_enabled", "log_frames_enabled", "log_live_enabled", "memorizer_enabled", "stats",
            "verbose_warnings_enabled");
    private static final List<String> SEED_FILES = List.of("clear_dead_objs", "clear_printed_list", "kmap",
            "memorizer_enabled", "memorizer_log_access", "print_live_obj");

    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(strings = {"current", "legacy"})
    void exposesItsGenerationsFilesAndPassesTheBatsSuite(String abi) throws Exception {
        Mzsh.Result r = Mzsh.run(work, "--sim", abi, "-c",
                "exec ls /sys/kernel/debug/memorizer; exec echo ---; exec bats --tap /usr/share/mzsh/bats-tests");
        String[] parts = r.out().split("---\n", 2);
        List<String> files = parts[0].lines().toList();
        if (abi.equals("current")) {
            assertThat(files).containsExactlyInAnyOrderElementsOf(CURRENT_FILES);
        } else {
            assertThat(files).containsAll(SEED_FILES).doesNotContain("log_accesses_enabled", "clear_dead_objects");
        }
        String tap = parts.length > 1 ? parts[1] : "";
        Matcher plan = Pattern.compile("(?m)^1\\.\\.(\\d+)$").matcher(tap);
        assertThat(plan.find()).as("TAP plan in:\n" + tap + r.stderr()).isTrue();
        long ok = tap.lines().filter(l -> l.startsWith("ok ")).count();
        assertThat(tap).as(tap).doesNotContain("not ok");
        assertThat(ok).isEqualTo(Long.parseLong(plan.group(1))).isGreaterThanOrEqualTo(20);
        assertThat(r.status()).as(r.stderr()).isZero();
    }

    @Test
    void theSeedsManualExperimentOnTheLegacyGenerationLeavesAParsableKmapWithLsObjects() throws Exception {
        String dir = "/sys/kernel/debug/memorizer";
        Path script = work.resolve("seed.mzsh");
        Files.writeString(script, String.join("\n",
                "# The canonical manual experiment of the seed document, one exec per line",
                "exec echo 1 > " + dir + "/clear_dead_objs",
                "exec cp " + dir + "/kmap /dev/null",
                "exec echo 1 > " + dir + "/clear_printed_list",
                "exec echo 0 > " + dir + "/print_live_obj",
                "exec echo 1 > " + dir + "/memorizer_log_access",
                "exec echo 1 > " + dir + "/memorizer_enabled",
                "exec ls -l " + dir + " > /dev/null",
                "exec echo 0 > " + dir + "/memorizer_enabled",
                "exec echo 0 > " + dir + "/memorizer_log_access",
                "exec cat " + dir + "/kmap", ""));
        Mzsh.Result r = Mzsh.run(work, "--sim", "legacy", "-f", script.toString());

        assertThat(r.status()).as(r.stderr()).isZero();
        String kmap = r.out();
        assertThat(KmapLines.bad(kmap, true)).isEmpty();
        assertThat(KmapLines.commands(kmap, true)).contains("ls");
    }

    @Test
    void aFullTableDropsAndReadsUnderLoadStaySafe() throws Exception {
        Path scripts = Files.createDirectories(work.resolve("stress"));
        Files.copy(Path.of(getClass().getResource("/sim-stress/stress.sh").toURI()), scripts.resolve("stress.sh"));
        Mzsh.Result r = Mzsh.run(work, "--add", scripts.toString(), "-c",
                "exec --timeout 600 sh /mnt/host/stress/stress.sh; exec cat /tmp/kmap-full; exec echo ---; exec cat /tmp/kmap-loop");
        assertThat(r.status()).as(r.stderr()).isZero();
        String[] parts = r.out().split("---\n", 2);
        Map<String, String> facts = parts[0].lines().filter(l -> l.matches("[a-z_]+=.*"))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1)));
        assertThat(Long.parseLong(facts.get("allocations"))).isGreaterThanOrEqualTo(100_000);
        assertThat(facts.get("capacity")).isEqualTo("4096");
        assertThat(Long.parseLong(facts.get("dropped"))).isGreaterThan(0);
        assertThat(Long.parseLong(facts.get("reads"))).isGreaterThan(5);
        assertThat(facts).containsEntry("dmesg_problems", "0").containsEntry("rmmod", "ok")
                .containsEntry("dir_after_rmmod", "gone");
        String full = parts[0].lines().filter(l -> !l.matches("[a-z_]+=.*")).collect(Collectors.joining("\n"));
        assertThat(KmapLines.bad(full, false)).isEmpty();
        assertThat(full.lines().filter(l -> !l.startsWith(" ")).count()).isBetween(1L, 4096L);
        assertThat(KmapLines.bad(parts[1], false)).isEmpty();
    }
}
