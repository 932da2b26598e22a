package dev.mzsh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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

    @TempDir
    Path work;

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
