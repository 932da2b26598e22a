package dev.mzsh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two real experiments (memorizer-sim on the stock kernel) that differ, compared by mzsh kmap diff. */
class KmapDiffIT {
    @TempDir
    Path work;

    @Test
    void diffOfLsAndTarListsTheDifferenceAndGatesOnGrowth() throws Exception {
        Path run = work.resolve("run");
        Mzsh.Result r = Mzsh.run(
                work, "--run-dir", run.toString(), "-c", "experiment -- ls /; experiment -- tar cf /tmp/etc.tar /etc");
        assertThat(r.status()).as(r.stderr()).isZero();
        String ls = run.resolve("kmap-001.kmap").toString();
        String tar = run.resolve("kmap-002.kmap").toString();

        Mzsh.Result grew = Mzsh.run(work, "kmap", "diff", ls, tar, "--fail-on-growth", "objects=0");
        assertThat(grew.status()).as(grew.stderr()).isEqualTo(1);
        assertThat(grew.stderr())
                .containsPattern("mzsh: objects grew by [\\d,]+ \\([\\d,]+ -> [\\d,]+\\), more than the limit of 0");
        // tar's objects appear, ls's go; sites and caches changed
        assertThat(grew.out())
                .containsPattern("(?m)^ +\\+[\\d,]+ +\\+[\\d,]+ +0 -> [\\d,]+ +tar$")
                .containsPattern("(?m)^ +-[\\d,]+ +-[\\d,]+ +[\\d,]+ -> 0 +ls$")
                .containsPattern("allocation sites: [\\d,]+ changed")
                .containsPattern("slab caches: [\\d,]+ changed");

        Mzsh.Result shrank = Mzsh.run(work, "kmap", "diff", tar, ls, "--fail-on-growth", "objects=0");
        assertThat(shrank.status()).as(shrank.stderr()).isZero();
        assertThat(shrank.stderr()).doesNotContain("grew");
    }
}
