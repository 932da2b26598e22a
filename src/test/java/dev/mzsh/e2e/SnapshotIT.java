package dev.mzsh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ready-guest snapshots on the real stock kernel and QEMU: a cold boot saves one, later
 * runs restore it and behave as a cold guest does, with their own clock and random pool;
 * a damaged, truncated or foreign snapshot costs a notice and a cold boot, never the run.
 * Each test has its own snapshot store (MZSH_SNAPSHOTS), so they do not depend on each other.
 */
class SnapshotIT {
    @TempDir
    Path work;

    Path store;
    Map<String, String> env;
    int runs;

    @BeforeEach
    void privateStore() {
        store = work.resolve("snapshots");
        env = Map.of("MZSH_SNAPSHOTS", store.toString());
    }

    private Mzsh.Result mzsh(String... args) throws Exception {
        List<String> a = new ArrayList<>(
                List.of("--run-dir", work.resolve("run-" + ++runs).toString()));
        a.addAll(List.of(args));
        return Mzsh.runWithEnv(work, env, a.toArray(String[]::new));
    }

    private Path run(int n) {
        return work.resolve("run-" + n);
    }

    private Path onlySnapshot() throws Exception {
        try (Stream<Path> s = Files.list(store)) {
            List<Path> dirs =
                    s.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
            assertThat(dirs).hasSize(1);
            return dirs.get(0);
        }
    }

    /** A cold boot that saves this store's snapshot. */
    private Path saved() throws Exception {
        Mzsh.Result cold = mzsh("-c", "boot; status");
        assertThat(cold.status()).as(cold.stderr()).isZero();
        assertThat(cold.stderr()).contains("mzsh: saved snapshot ");
        assertThat(cold.stderr()).contains("boot           cold boot; saved snapshot ");
        return onlySnapshot();
    }

    @Test
    void aRestoredGuestRunsTheVerbsAsAColdOneDoes() throws Exception {
        saved();
        Path tests = Files.createDirectories(work.resolve("tests"));
        Files.writeString(tests.resolve("restored.bats"), "@test \"restored guest\" {\n  [ -d /mnt/mzsh ]\n}\n");
        Mzsh.Result r = mzsh(
                "-c",
                "exec printf 'a\\000b\\377'; status; experiment -- ls /; "
                        + "stream-kmap start; exec ls /etc; stream-kmap stop; run-bats "
                        + tests.resolve("restored.bats"));
        assertThat(r.status()).as(r.stderr()).isZero();
        assertThat(r.stderr()).contains("mzsh: restored from snapshot ");
        assertThat(r.stderr())
                .contains(
                        "boot           restored from snapshot ",
                        "mode           0 (off)",
                        "switches       log-access off, log-live on, log-calls off");
        byte[] out = r.stdout();
        assertThat(new String(out, java.nio.charset.StandardCharsets.ISO_8859_1))
                .contains("a\0b\u00ff");
        assertThat(run(2).resolve("kmap-001.kmap")).isNotEmptyFile();
        assertThat(run(2).resolve("kmap-stream-001.kmap")).exists();
        assertThat(Files.readString(run(2).resolve("bats/junit.xml")))
                .contains("restored guest")
                .doesNotContain("<failure");

        Mzsh.Result failing = mzsh("-c", "exec sh -c 'exit 7'");
        assertThat(failing.status()).isEqualTo(1);
        assertThat(failing.stderr()).contains("mzsh: restored from snapshot ", "7");
    }

    @Test
    void twoRestoresHaveTheHostsClockAndTheirOwnRandomNumbers() throws Exception {
        saved();
        String script = "exec date +%s; exec sh -c 'head -c 16 /dev/urandom | od -An -tx1'";
        Mzsh.Result a = mzsh("-c", script);
        long hostAfterA = System.currentTimeMillis() / 1000;
        Mzsh.Result b = mzsh("-c", script);
        assertThat(a.status()).as(a.stderr()).isZero();
        assertThat(b.status()).as(b.stderr()).isZero();
        assertThat(a.stderr()).contains("restored from snapshot");
        assertThat(b.stderr()).contains("restored from snapshot");
        String[] la = a.out().split("\n", 2);
        String[] lb = b.out().split("\n", 2);
        // The guest read its clock a moment before the host read its own, after the command.
        assertThat(Long.parseLong(la[0].strip()))
                .isBetween(hostAfterA - 2 - a.elapsed().toSeconds(), hostAfterA + 2);
        assertThat(la[1].strip()).matches("([0-9a-f]{2} ){15}[0-9a-f]{2}");
        assertThat(la[1]).isNotEqualTo(lb[1]);
    }

    @Test
    void aChangedOrTruncatedSnapshotIsRefusedAndTheRunBootsCold() throws Exception {
        Path snap = saved();
        Path state = snap.resolve("state");
        long size = Files.size(state);
        try (RandomAccessFile f = new RandomAccessFile(state.toFile(), "rw")) {
            f.seek(size / 2);
            int b = f.read();
            f.seek(size / 2);
            f.write(b ^ 0x5a);
        }
        Mzsh.Result changed = mzsh("-c", "exec true; status");
        assertThat(changed.status()).as(changed.stderr()).isZero();
        assertThat(changed.stderr())
                .contains("not used: the snapshot's SHA-256 does not match its seal", "booting cold");
        assertThat(changed.stderr()).contains("boot           cold boot");
        assertThat(Mzsh.qemuProcesses(run(2).toString())).isEmpty();

        Path again = onlySnapshot();
        try (RandomAccessFile f = new RandomAccessFile(again.resolve("state").toFile(), "rw")) {
            f.setLength(Files.size(again.resolve("state")) - 4096);
        }
        Mzsh.Result truncated = mzsh("-c", "exec true; status");
        assertThat(truncated.status()).as(truncated.stderr()).isZero();
        assertThat(truncated.stderr()).contains("refused: its state file has", "booting cold and saving a new one");
        assertThat(truncated.stderr()).contains("boot           cold boot (--cold); saved snapshot ");
        Mzsh.Result restored = mzsh("-c", "exec true");
        assertThat(restored.stderr()).contains("mzsh: restored from snapshot ");

        // The guest's RAM is the memory file: one byte changed in it is refused too.
        Path memory = onlySnapshot().resolve("memory");
        try (RandomAccessFile f = new RandomAccessFile(memory.toFile(), "rw")) {
            f.seek(16L << 20); // in the kernel image
            int b = f.read();
            f.seek(16L << 20);
            f.write(b ^ 0x5a);
        }
        Mzsh.Result changedMemory = mzsh("-c", "exec true; status");
        assertThat(changedMemory.status()).as(changedMemory.stderr()).isZero();
        assertThat(changedMemory.stderr())
                .contains("refused: its memory file changed after it was saved", "booting cold and saving a new one");
        assertThat(Mzsh.qemuProcesses(run(5).toString())).isEmpty();
    }

    @Test
    void aSnapshotOfAnotherCommandLineIsRefused() throws Exception {
        Path mine = saved();
        Mzsh.Result other = mzsh("--smp", "1", "-c", "exec true");
        assertThat(other.status()).as(other.stderr()).isZero();
        assertThat(other.stderr()).contains("mzsh: saved snapshot ");
        Path foreign;
        try (Stream<Path> s = Files.list(store)) {
            foreign = s.filter(
                            p -> !p.equals(mine) && !p.getFileName().toString().startsWith("."))
                    .findFirst()
                    .orElseThrow();
        }
        org.apache.commons.io.FileUtils.deleteDirectory(mine.toFile());
        Files.move(foreign, mine);
        Mzsh.Result r = mzsh("-c", "exec nproc");
        assertThat(r.status()).as(r.stderr()).isZero();
        assertThat(r.out()).isEqualTo("2\n");
        assertThat(r.stderr()).contains("refused: it was made for another guest", "booting cold");
    }

    @Test
    void twoRunsRestoreOneSnapshotAtOnceAndColdBootsCold() throws Exception {
        saved();
        Path a = work.resolve("par-a");
        Path b = work.resolve("par-b");
        Process pa = Mzsh.startWithEnv(work, env, "--run-dir", a.toString(), "-c", "exec echo a; status");
        Process pb = Mzsh.startWithEnv(work, env, "--run-dir", b.toString(), "-c", "exec echo b; status");
        Mzsh.Result ra = Mzsh.collect(pa);
        Mzsh.Result rb = Mzsh.collect(pb);
        assertThat(ra.status()).as(ra.stderr()).isZero();
        assertThat(rb.status()).as(rb.stderr()).isZero();
        assertThat(ra.out()).isEqualTo("a\n");
        assertThat(rb.out()).isEqualTo("b\n");
        assertThat(ra.stderr()).contains("boot           restored from snapshot ");
        assertThat(rb.stderr()).contains("boot           restored from snapshot ");

        Mzsh.Result cold = mzsh("--cold", "-c", "boot; status");
        assertThat(cold.status()).as(cold.stderr()).isZero();
        assertThat(cold.stderr()).doesNotContain("restored from snapshot");
        assertThat(cold.stderr()).contains("boot           cold boot (--cold); saved snapshot ");

        Mzsh.Result never = mzsh("--no-snapshot", "-c", "boot; status");
        assertThat(never.stderr()).contains("boot           cold boot (no snapshot)");
    }
}
