package dev.mzsh.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench/soak-bench's counting, kept evidence and collision check, with a stand-in for
 * ./mzsh (SOAK_MZSH) that ends each run as a plan file says: no guest is booted here.
 */
class SoakBenchTest {
    private static final Path SCRIPT = Path.of(System.getProperty("user.dir"), "bench", "soak-bench");

    /**
     * The stand-in: takes the next line of $FAKE_PLAN (ok, stage, nostage, other) in a row, or
     * "ok" when run at once; writes a run directory (--run-dir, else mzsh-runs/ID in its working
     * directory, ID fixed by $FAKE_SAME_DIR) with a qemu.cmdline holding its socket and
     * $FAKE_PORT (or a port of its own), and prints what mzsh prints.
     */
    private static final String FAKE = """
            #!/usr/bin/env bash
            set -eu
            dir=
            while [ $# -gt 0 ]; do
                case $1 in --run-dir) dir=$2; shift 2 ;; *) shift ;; esac
            done
            [ -n "$dir" ] || dir=$PWD/mzsh-runs/${FAKE_SAME_DIR:-$$}
            mkdir -p "$dir"
            outcome=ok
            if [ -n "${FAKE_PLAN:-}" ]; then
                n=$(( $(cat "$FAKE_PLAN.done" 2>/dev/null || echo 0) + 1 ))
                echo "$n" >"$FAKE_PLAN.done"
                outcome=$(sed -n "${n}p" "$FAKE_PLAN")
            fi
            port=${FAKE_PORT:-$((20000 + $$ % 20000))}
            echo "/usr/bin/qemu-system-x86_64 -chardev socket,id=agent,path=$dir/sock-$$/agent.sock,server=on -gdb tcp:127.0.0.1:$port" >"$dir/qemu.cmdline"
            echo "mzsh: booting 6.1.0 (tcg); console: $dir/console.log" >&2
            case $outcome in
                ok) echo "mzsh: guest ready in 1$(( $$ % 10 )).5 s" >&2; exit 0 ;;
                stage) echo "guest line" >"$dir/console.log"
                       echo "mzsh: boot: the guest went silent for 30 s (last boot stage: init)" >&2; exit 3 ;;
                nostage) echo "mzsh: boot: the guest did not come up within 120 s" >&2; exit 3 ;;
                *) echo "mzsh: something else" >&2; exit 1 ;;
            esac
            """;

    @TempDir
    Path tmp;

    private Path fake;

    private record Run(int status, String out, List<String> lines) {
        String last() {
            return lines.get(lines.size() - 1);
        }
    }

    @BeforeEach
    void writeFake() throws IOException {
        fake = tmp.resolve("fake-mzsh");
        Files.writeString(fake, FAKE);
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(tmp.resolve("work"));
    }

    private Run soak(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("SOAK_MZSH", fake.toString());
        pb.environment().put("BENCH_WORK", tmp.resolve("work").toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(out).isTrue();
        return new Run(p.exitValue(), out, out.lines().toList());
    }

    private List<Path> left(String glob) throws IOException {
        try (Stream<Path> s = Files.walk(tmp.resolve("work"))) {
            var m = tmp.getFileSystem().getPathMatcher("glob:" + glob);
            return s.filter(p -> m.matches(p.getFileName())).toList();
        }
    }

    @Test
    void inARowCountsOutcomesByStageAndKeepsOnlyTheFailures() throws Exception {
        Path plan = Files.writeString(tmp.resolve("plan"), "ok\nstage\nnostage\nok\nother\n");
        Run r = soak(Map.of("FAKE_PLAN", plan.toString()), "5");
        assertThat(r.status()).as(r.out()).isEqualTo(1);
        assertThat(r.last())
                .as(r.out())
                .startsWith("soak: 5 runs, 2 ok, 2 exit-3, 1 other, 1 exit-3 unexplained, ready min/median/p95/max ");
        assertThat(r.out())
                .contains("exit 3 at stage init: 1", "exit 3 at stage unnamed: 1")
                .contains("run 3/5: EXIT 3, stage unnamed (no stage named)")
                .contains("run 5/5: EXIT 1");
        // the failures' run directories stay, with what mzsh printed; the ok ones go
        assertThat(left("run-*"))
                .extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("run-2", "run-3", "run-5");
        assertThat(left("mzsh.out")).hasSize(3);
        assertThat(left("console.log")).hasSize(1);
    }

    @Test
    void readyTimesGiveTheSpread() throws Exception {
        Path plan = Files.writeString(tmp.resolve("plan"), "ok\nok\nok\n");
        Run r = soak(Map.of("FAKE_PLAN", plan.toString()), "3");
        assertThat(r.status()).as(r.out()).isZero();
        assertThat(r.last())
                .as(r.out())
                .matches("soak: 3 runs, 3 ok, 0 exit-3, 0 other, 0 exit-3 unexplained, "
                        + "ready min/median/p95/max 1\\d\\.5/1\\d\\.5/1\\d\\.5/1\\d\\.5 s");
        assertThat(left("run-*")).isEmpty();
    }

    @Test
    void atOnceWithOwnFilesAndPortsNothingCollides() throws Exception {
        Run r = soak(Map.of(), "--parallel", "3", "--rounds", "2");
        assertThat(r.status()).as(r.out()).isZero();
        assertThat(r.last())
                .as(r.out())
                .startsWith("soak: 6 runs, 6 ok, 0 exit-3, 0 other, 0 exit-3 unexplained, " + "0 collisions, ready");
        assertThat(left("round-*")).isEmpty();
    }

    @Test
    void aPortHeldByTwoRunsIsACollision() throws Exception {
        Run r = soak(Map.of("FAKE_PORT", "1234"), "--parallel", "2", "--rounds", "1");
        assertThat(r.status()).as(r.out()).isEqualTo(1);
        assertThat(r.out()).contains("COLLISION: held by more than one run:", "port 1234");
        assertThat(r.last()).as(r.out()).contains("2 ok").contains(", 1 collisions,");
        assertThat(left("round-1")).hasSize(1);
    }

    @Test
    void aRunDirectoryTakenByTwoRunsIsACollision() throws Exception {
        Run r = soak(Map.of("FAKE_SAME_DIR", "same"), "--parallel", "2", "--rounds", "1");
        assertThat(r.status()).as(r.out()).isEqualTo(1);
        assertThat(r.out()).contains("COLLISION: 2 runs made 1 run directories");
        assertThat(r.last()).as(r.out()).contains(", 1 collisions,");
    }

    @Test
    void badUsageSaysWhatToDo() throws Exception {
        Run r = soak(Map.of(), "--parallel", "x");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.out()).contains("'x' is not a whole number (bench/soak-bench --help)");
    }
}
