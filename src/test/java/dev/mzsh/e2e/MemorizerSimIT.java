package dev.mzsh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mzsh.initramfs.GuestImageBuilder;
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

/** memorizer-sim on Debian's stock kernel, driven through ./mzsh (issues 3 and 11), one boot per generation. */
class MemorizerSimIT {
    private static final String D = "/sys/kernel/debug/memorizer";

    /** The files each generation's kernel creates (docs/memorizer-abi.md, "Generations"). */
    private static final Map<String, List<String>> FILES = Map.of(
            "newest",
                    List.of(
                            "accesses",
                            "allocations",
                            "clear_dead_objects",
                            "clear_function_calls",
                            "clear_printed_list",
                            "function_calls",
                            "global_table",
                            "kmap",
                            "kmap_stream",
                            "log_accesses_enabled",
                            "log_calls_enabled",
                            "log_frames_enabled",
                            "log_live_enabled",
                            "memorizer_enabled",
                            "stats",
                            "verbose_warnings_enabled"),
            "v6.6-old",
                    List.of(
                            "cfg_log_on",
                            "clear_dead_objs",
                            "clear_printed_list",
                            "global_table",
                            "kmap",
                            "memorizer_enabled",
                            "memorizer_log_access",
                            "print_live_obj",
                            "show_stats",
                            "stack_trace_on",
                            "verbose_warnings"),
            "4.x",
                    List.of(
                            "cfg_log_on",
                            "cfgmap",
                            "clear_dead_objs",
                            "clear_printed_list",
                            "global_table",
                            "kmap",
                            "memorizer_enabled",
                            "memorizer_log_access",
                            "print_live_obj",
                            "show_stats",
                            "stack_trace_on"));

    /** clear dead, live switch, access switch: the names the seed's experiment uses on each generation. */
    private static List<String> seedNames(String gen) {
        return gen.equals("newest") || gen.equals("v26")
                ? List.of("clear_dead_objects", "log_live_enabled", "log_accesses_enabled")
                : List.of("clear_dead_objs", "print_live_obj", "memorizer_log_access");
    }

    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(strings = {"newest", "v26", "v6.6-old", "4.x"})
    void eachGenerationPassesBatsRunsTheSeedsExperimentAndTheVerbs(String gen) throws Exception {
        List<String> n = seedNames(gen);
        boolean hotplugs = gen.equals("newest");
        boolean fourX = gen.equals("4.x");
        Path run = work.resolve("run");
        Path script = work.resolve("gen.mzsh");
        Files.writeString(
                script,
                String.join(
                        "\n",
                        "exec ls " + D,
                        "exec echo ---",
                        "exec bats --tap " + GuestImageBuilder.BAKED_BATS_TESTS,
                        "exec echo ---",
                        "# the seed's manual experiment with this generation's names, one exec per line",
                        "exec echo 1 > " + D + "/" + n.get(0),
                        "exec cp " + D + "/kmap /dev/null",
                        "exec echo 1 > " + D + "/clear_printed_list",
                        "exec echo 0 > " + D + "/" + n.get(1),
                        "exec echo 1 > " + D + "/" + n.get(2),
                        "exec echo 1 > " + D + "/memorizer_enabled",
                        "exec ls -l " + D + " > /dev/null",
                        "exec echo 0 > " + D + "/memorizer_enabled",
                        "exec echo 0 > " + D + "/" + n.get(2),
                        "exec cat " + D + "/kmap > /tmp/seed.kmap",
                        // the raw bytes, as read in the guest: widths of alloc_ip, va and free_ip, ls objects
                        "exec awk -F, '!/^ / { o++; if (length($1) != 16 || length($3) != 16 || length($7) != 16) bad++;"
                                + " if ($9 == \"ls\") ls++ } END { print \"seed objects=\" o+0, \"bad=\" bad+0, \"ls=\" ls+0 }'"
                                + " /tmp/seed.kmap",
                        "exec echo 1 > " + D + "/" + n.get(1),
                        "exec head -n 1 " + D + "/kmap",
                        "exec echo ---",
                        "experiment -- ls -l /",
                        "enable 1",
                        "status",
                        "disable",
                        "status",
                        "stats",
                        fourX ? "enable 3" : "exec true",
                        ""));
        Mzsh.Result r = Mzsh.run(work, "--sim", gen, "--run-dir", run.toString(), "-f", script.toString());
        String[] parts = r.out().split("---\n", 4);
        assertThat(parts).as(r.out() + r.stderr()).hasSize(4);

        List<String> files = parts[0].lines().toList();
        assertThat(files).containsExactlyInAnyOrderElementsOf(FILES.getOrDefault(gen, FILES.get("newest")));

        String tap = parts[1];
        Matcher plan = Pattern.compile("(?m)^1\\.\\.(\\d+)$").matcher(tap);
        assertThat(plan.find()).as("TAP plan in:\n" + tap + r.stderr()).isTrue();
        assertThat(tap).as(tap).doesNotContain("not ok");
        assertThat(tap.lines().filter(l -> l.startsWith("ok ")).count())
                .isEqualTo(Long.parseLong(plan.group(1)))
                .isGreaterThanOrEqualTo(25);

        // the seed's experiment: a kmap of kernel-shaped lines holding ls objects
        Matcher seed =
                Pattern.compile("seed objects=(\\d+) bad=(\\d+) ls=(\\d+)").matcher(parts[2]);
        assertThat(seed.find()).as(parts[2]).isTrue();
        assertThat(Long.parseLong(seed.group(1))).isPositive();
        assertThat(seed.group(2)).isEqualTo("0");
        assertThat(Long.parseLong(seed.group(3))).isPositive();
        // live reporting on: the first catch-all object, alloc_ip 0 padded by %-p, pointers by %p
        assertThat(parts[2])
                .contains(
                        fourX
                                ? "(null)          ,0,          (null),0,0,0,          (null),STACK,"
                                : "0               ,0,0000000000000000,0,0,0,0000000000000000,STACK,");

        // experiment -- ls -l /: the kmap names ls, every line in the kernel's shape
        assertThat(parts[3]).contains("bin").contains("proc");
        String kmap = Files.readString(run.resolve("kmap-001.kmap"));
        assertThat(KmapLines.bad(kmap)).isEmpty();
        assertThat(KmapLines.commands(kmap)).contains("ls");
        // and mzsh's own parser reads it: every object, the generation's shape, ls among the commands
        Mzsh.Result sum = Mzsh.run(
                work, "kmap", "summary", "--json", run.resolve("kmap-001.kmap").toString());
        assertThat(sum.status()).as(sum.stderr()).isZero();
        JsonNode j = new ObjectMapper().readTree(sum.stdout());
        assertThat(j.get("format").asText()).contains(fourX ? "4.x (10 fields" : "(11 fields");
        assertThat(j.get("objects").asLong())
                .isEqualTo(kmap.lines().filter(l -> !l.startsWith(" ")).count());
        assertThat(j.get("commandsByCount").findValuesAsText("name")).contains("ls");

        String err = r.stderr();
        assertThat(err).contains("(memorizer-sim --sim " + gen + ")");
        List<String> cpus = err.lines().filter(l -> l.startsWith("cpus online")).toList();
        assertThat(cpus).hasSize(2);
        assertThat(cpus.get(0))
                .isEqualTo(hotplugs ? "cpus online    1 of 2 (0 of 0-1)" : "cpus online    2 of 2 (0-1 of 0-1)");
        assertThat(cpus.get(1)).isEqualTo("cpus online    2 of 2 (0-1 of 0-1)");
        assertThat(r.out()).contains("simulation: yes").contains("generation: " + gen);
        if (fourX) {
            assertThat(err)
                    .contains("mode           1 (whole system)")
                    .contains("enable: this kernel (4.x) has only on/off in memorizer_enabled, no mode 3");
            assertThat(r.status()).as(r.stderr()).isEqualTo(1);
        } else {
            assertThat(r.status()).as(err).isZero();
        }
    }

    @Test
    void aFullTableDropsAndReadsUnderLoadStaySafe() throws Exception {
        Path scripts = Files.createDirectories(work.resolve("stress"));
        Files.copy(Path.of(getClass().getResource("/sim-stress/stress.sh").toURI()), scripts.resolve("stress.sh"));
        Mzsh.Result r = Mzsh.run(
                work,
                "--add",
                scripts.toString(),
                "-c",
                "exec --timeout 600 sh /mnt/host/stress/stress.sh; exec cat /tmp/kmap-full; exec echo ---; exec cat /tmp/kmap-loop");
        assertThat(r.status()).as(r.stderr()).isZero();
        String[] parts = r.out().split("---\n", 2);
        Map<String, String> facts = parts[0].lines()
                .filter(l -> l.matches("[a-z_]+=.*"))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1)));
        // a full table stops tracing, as the kernel does when its pool runs out
        assertThat(Long.parseLong(facts.get("allocations"))).isGreaterThanOrEqualTo(4096);
        assertThat(facts.get("capacity")).isEqualTo("4096");
        assertThat(Long.parseLong(facts.get("dropped"))).isGreaterThan(0);
        assertThat(facts).containsEntry("mode_after_full", "0");
        assertThat(Long.parseLong(facts.get("heap_log"))).isPositive();
        // eight dump cycles on the 4096-slot table: objects freed while tracing was off
        // existed, the clears reclaimed every one of them, and nothing was dropped
        assertThat(facts).containsEntry("cycle_drops", "0").containsEntry("unrecorded_after_clears", "0");
        assertThat(Long.parseLong(facts.get("unrecorded_frees_max"))).isPositive();
        assertThat(Long.parseLong(facts.get("live_growth"))).isLessThan(1024);
        assertThat(Long.parseLong(facts.get("reads"))).isGreaterThan(5);
        assertThat(facts)
                .containsEntry("dmesg_problems", "0")
                .containsEntry("rmmod", "ok")
                .containsEntry("dir_after_rmmod", "gone");
        String full = parts[0].lines().filter(l -> !l.matches("[a-z_]+=.*")).collect(Collectors.joining("\n"));
        assertThat(KmapLines.bad(full)).isEmpty();
        // the table's 4096 objects at most, after the 27 always-live catch-alls
        assertThat(full.lines().filter(l -> !l.startsWith(" ")).count()).isBetween(28L, 4096L + 27);
        assertThat(KmapLines.bad(parts[1])).isEmpty();
    }
}
