package dev.mzsh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.codec.digest.XXHash32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A crash on the stock kernel leaves its memory in the run directory, or says why not; never a QEMU. */
class CrashDumpIT {
    private static final String CRASH = "exec echo c > /proc/sysrq-trigger; exec echo never";

    @TempDir
    Path work;

    @Test
    void aPanicLeavesAVmcoreAndNoQemu() throws Exception {
        Path run = work.resolve("run");
        Mzsh.Result r = Mzsh.run(work, "--run-dir", run.toString(), "-c", CRASH);
        assertThat(r.status()).as(r.stderr()).isEqualTo(3);
        assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(150));
        assertThat(r.out()).isEmpty();
        assertThat(Mzsh.qemuProcesses(run.toString())).isEmpty();
        Path elf = run.resolve("vmcore");
        Path kdump = run.resolve("vmcore.kdump");
        // an ELF core of the whole 1 GiB guest, and a compressed kdump (QEMU 7.2 writes makedumpfile's flattened form)
        assertThat(elf).as(r.stderr()).isRegularFile();
        assertThat(kdump).as(r.stderr()).isRegularFile();
        assertThat(head(elf, 4)).isEqualTo(new byte[] {0x7f, 'E', 'L', 'F'});
        assertThat(Files.size(elf)).isGreaterThan(1L << 30);
        assertThat(new String(head(kdump, 12), StandardCharsets.US_ASCII)).isEqualTo("makedumpfile");
        assertThat(Files.size(kdump)).isLessThan(Files.size(elf));
        assertThat(Files.readString(run.resolve("vmcore.json"))).contains("\"release\"", "kdump-zlib", "\"cpu\"");
        assertThat(r.stderr())
                .contains(
                        "Kernel panic - not syncing: sysrq triggered crash",
                        "crash dump in",
                        run.resolve("vmcore") + " (1.0 GiB, elf)",
                        "gdb -q",
                        "crash ",
                        "drgn -c",
                        "mzsh crash " + run,
                        // the stock kernel has no debug info: say what is missing and how to get it
                        "no vmlinux with debug info",
                        "linux-image-",
                        "-dbg",
                        "--kernel-build");
        assertThat(listing(run)).noneMatch(n -> n.contains("part") || n.contains("tmp"));
    }

    @Test
    void noDumpLeavesNoVmcore() throws Exception {
        Path run = work.resolve("run");
        Mzsh.Result r = Mzsh.run(work, "--no-dump", "--run-dir", run.toString(), "-c", CRASH);
        assertThat(r.status()).as(r.stderr()).isEqualTo(3);
        assertThat(r.stderr()).contains("Kernel panic - not syncing").doesNotContain("crash dump");
        assertThat(listing(run)).noneMatch(n -> n.contains("vmcore"));
        assertThat(Mzsh.qemuProcesses(run.toString())).isEmpty();
    }

    /** A directory without room: the ELF core is not tried, the compressed one outgrows it and is removed. */
    @Test
    void aDirectoryWithoutRoomKeepsNoPartialFile() throws Exception {
        Path small = Files.createDirectory(work.resolve("small"));
        sh("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", small.toString());
        try {
            Path run = small.resolve("run");
            Mzsh.Result r = Mzsh.run(work, "--run-dir", run.toString(), "-c", CRASH);
            assertThat(r.status()).as(r.stderr()).isEqualTo(3);
            assertThat(r.stderr()).contains("no vmcore: it needs 1.0 GiB and " + run + " has ");
            // Whichever sees it first: mzsh (the file outgrew the room) or QEMU (the write failed).
            assertThat(r.stderr())
                    .containsPattern("no vmcore.kdump \\(partial file removed\\): "
                            + "(it did not fit|QEMU could not write it \\(after \\d+ bytes; a full disk)");
            assertThat(listing(run)).noneMatch(n -> n.contains("vmcore"));
            assertThat(Mzsh.qemuProcesses(run.toString())).isEmpty();
        } finally {
            sh("umount", "-l", small.toString());
        }
    }

    /** A crash with stream-kmap running keeps what reached the host, checked against the guest reader's hash. */
    @Test
    void aCrashWithStreamKmapRunningKeepsAVerifiedPartialCapture() throws Exception {
        Path run = work.resolve("run");
        Mzsh.Result r = Mzsh.run(
                work,
                "--no-dump",
                "--run-dir",
                run.toString(),
                "-c",
                "stream-kmap start; enable 1; "
                        + "exec sh -c 'i=0; while [ $i -lt 10 ]; do ls -R /usr > /dev/null; i=$((i+1)); done; sleep 2'; "
                        + "exec echo c > /proc/sysrq-trigger");
        assertThat(r.status()).as(r.stderr()).isEqualTo(3);
        Matcher kept = Pattern.compile("stream-kmap +kept .* \\((\\d+) bytes\\) read before the crash in "
                        + Pattern.quote(run.resolve("kmap-stream-001.kmap").toString())
                        + ", verified \\(xxh32 ([0-9a-f]{8})\\)")
                .matcher(r.stderr());
        assertThat(kept.find()).as(r.stderr()).isTrue();
        Path kmap = run.resolve("kmap-stream-001.kmap");
        long bytes = Long.parseLong(kept.group(1));
        assertThat(bytes).isPositive();
        assertThat(Files.size(kmap)).isEqualTo(bytes);
        // the kept bytes are exactly the ones the guest's reader hashed
        XXHash32 h = new XXHash32();
        byte[] data = Files.readAllBytes(kmap);
        h.update(data, 0, data.length);
        assertThat(String.format("%08x", h.getValue())).isEqualTo(kept.group(2));
        assertThat(new String(data, StandardCharsets.UTF_8)).contains(",ls,");
        // the status-like report: mode and last command, also in the run directory
        assertThat(r.stderr())
                .contains(
                        "crash report",
                        "memorizer",
                        "1 (whole system) (as mzsh last read or wrote it)",
                        "last command   exec echo c > /proc/sysrq-trigger");
        assertThat(Files.readString(run.resolve("crash-report.txt"))).contains("stream-kmap", "last command");
        try (Stream<Path> s = Files.walk(run.resolve("guest"))) {
            assertThat(s.map(Path::toString)).noneMatch(n -> n.endsWith(".part") || n.endsWith(".at"));
        }
        assertThat(Mzsh.qemuProcesses(run.toString())).isEmpty();
    }

    /**
     * A crash in the middle of experiment: the report says how far it got and that its kmap was never
     * read; the kmap of the experiment before it stays, and that one is not reported as cut short.
     */
    @Test
    void aCrashDuringAnExperimentSaysItsKmapWasNeverRead() throws Exception {
        Path run = work.resolve("run");
        Mzsh.Result r = Mzsh.run(
                work,
                "--no-dump",
                "--run-dir",
                run.toString(),
                "-c",
                "experiment -- ls /; experiment -- echo c > /proc/sysrq-trigger");
        assertThat(r.status()).as(r.stderr()).isEqualTo(3);
        String row = "experiment     'echo c > /proc/sysrq-trigger' in mode 1 (whole system) crashed while traced: "
                + "its kmap was never read, so none of it reached the host; what Memorizer recorded went with the "
                + "guest's memory (--no-dump)";
        assertThat(r.stderr()).as(r.stderr()).contains("crash report", row).doesNotContain("'ls /'");
        assertThat(Files.readString(run.resolve("crash-report.txt"))).contains(row);
        assertThat(listing(run).stream().filter(n -> n.endsWith(".kmap")))
                .as("the first experiment's kmap only")
                .containsExactly("kmap-001.kmap");
        assertThat(listing(run)).doesNotContain("vmcore");
        assertThat(Mzsh.qemuProcesses(run.toString())).isEmpty();
    }

    private static byte[] head(Path file, int n) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(n);
        }
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static void sh(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
    }
}
