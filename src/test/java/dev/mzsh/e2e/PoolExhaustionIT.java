package dev.mzsh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memorizer's pool running out, on memorizer-sim reloaded with a small object table
 * (capacity=64): like the kernel, it stops tracing (mode 0) and logs "ran out of internal heap".
 * mzsh notices through the agent (the mode the command left, the guest's dmesg), never the console.
 */
class PoolExhaustionIT {
    private static final String SMALL_POOL =
            "exec sh -c 'rmmod memorizer_sim && insmod /lib/modules/$(uname -r)/extra/memorizer_sim.ko capacity=64'";

    /** A pool of 4096 objects, and a workload that allocates (and frees) some 25,000 over a dozen seconds. */
    private static final String POOL_4096 =
            "exec sh -c 'rmmod memorizer_sim && insmod /lib/modules/$(uname -r)/extra/memorizer_sim.ko capacity=4096'";

    private static final String LONG_WORKLOAD =
            "sh -c 'i=0; while [ $i -lt 60 ]; do cat /etc/passwd > /dev/null; sleep 0.2; i=$((i+1)); done'";

    @TempDir
    Path work;

    /** A "name: N" line of the sim's stats as printed by the stats verb. */
    private static long stat(String out, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + ": (\\d+)$").matcher(out);
        assertThat(m.find()).as(name + " in stats:\n" + out).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void aLongWorkloadRunsThePoolOutWithoutDrain() throws Exception {
        Path run = work.resolve("run");
        Mzsh.Result r = Mzsh.run(
                work, "--run-dir", run.toString(), "-c", POOL_4096 + "; experiment --live -- " + LONG_WORKLOAD);
        assertThat(r.status()).as(r.stderr()).isEqualTo(1);
        assertThat(r.stderr())
                .contains("experiment: Memorizer's pool ran out during the run")
                .contains("the kmap kmap-001.kmap is incomplete")
                .contains("run with --drain");
    }

    @Test
    void theSameWorkloadWithDrainSavesEveryObjectTheSimRecorded() throws Exception {
        Path run = work.resolve("run");
        Mzsh.Result r = Mzsh.run(
                work,
                "--run-dir",
                run.toString(),
                "-c",
                POOL_4096 + "; experiment --drain --drain-at 25 --live -- " + LONG_WORKLOAD + "; stats");
        assertThat(r.status()).as(r.stderr()).isZero();
        String out = r.out();
        long recorded = stat(out, "objects_recorded");
        assertThat(stat(out, "dropped"))
                .as("nothing dropped: the pool never ran out")
                .isZero();
        assertThat(recorded).as("the workload needed more than the pool holds").isGreaterThan(4096);
        assertThat(r.stderr()).contains("experiment: drain 1: the pool held ");
        assertThat(r.stderr()).containsPattern("experiment: kmap-001\\.kmap: \\d+ drains and the final dump");
        Path kmap = run.resolve("kmap-001.kmap");
        long objects;
        try (Stream<String> lines = Files.lines(kmap, StandardCharsets.ISO_8859_1)) {
            // object lines, less the 27 always-live catch-alls (va 0) of the final dump
            objects = lines.filter(l -> !l.startsWith(" "))
                    .filter(l -> !l.split(",", 4)[2].equals("0000000000000000"))
                    .count();
        }
        assertThat(objects).as("objects in the saved kmap").isEqualTo(recorded);
        try (Stream<Path> files = Files.list(run)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .as("no piece left behind")
                    .noneMatch(n -> n.endsWith(".piece") || n.endsWith(".part"));
        }
    }

    @Test
    void anExperimentThatFillsThePoolEndsWithAClearMessageAndANonZeroStatus() throws Exception {
        Path run = work.resolve("run");
        Mzsh.Result r = Mzsh.run(
                work,
                "--run-dir",
                run.toString(),
                "-c",
                SMALL_POOL + "; experiment -- tar cf /tmp/etc.tar /etc; exec echo not reached");
        assertThat(r.status()).as(r.stderr()).isEqualTo(1);
        assertThat(r.stderr())
                .contains("experiment: Memorizer's pool ran out during the run (the kernel logged"
                        + " \"ran out of internal heap\" and stopped tracing): the kmap kmap-001.kmap is incomplete");
        assertThat(run.resolve("kmap-001.kmap")).isRegularFile(); // what there was is kept
        assertThat(r.out()).doesNotContain("not reached");
    }

    @Test
    void anExperimentThatFitsDoesNotComplainAndStatusNamesAnEarlierOutage() throws Exception {
        Path run = work.resolve("run");
        Mzsh.Result r = Mzsh.run(
                work,
                "--run-dir",
                run.toString(),
                "-c",
                "experiment -- ls /; " + SMALL_POOL
                        + "; status; enable 1; exec tar cf /tmp/etc.tar /etc; exec sleep 2; status; disable");
        assertThat(r.status()).as(r.stderr()).isZero();
        assertThat(r.stderr()).doesNotContain("pool ran out during the run");
        String out = r.out() + r.stderr();
        String[] statuses = out.split("memorizer      ");
        assertThat(statuses).hasSize(3);
        assertThat(statuses[1]).doesNotContain("pool           ran out");
        assertThat(statuses[2])
                .contains("pool           ran out 1 time since boot (kernel log: \"ran out of internal heap\")");
    }
}
