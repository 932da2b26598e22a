package dev.mzsh.e2e;

import static dev.mzsh.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mzsh.host.KernelLocator;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Batch mode on a real guest: Debian's stock kernel in QEMU, through ./mzsh. */
class BatchModeIT {
    @TempDir
    Path work;

    @Test
    void execPrintsTheGuestsOutputAndTheRunDirectoryRecordsTheRun() throws Exception {
        Path run = work.resolve("run");
        Mzsh.Result r = Mzsh.run(work, "--run-dir", run.toString(), "-c", "exec uname -r; exec cat /proc/cmdline");

        assertThat(r.status()).as(r.stderr()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo(KernelLocator.stockRelease());
        assertThat(lines.get(1)).contains("nokaslr", "no_hash_pointers", "console=ttyS0", "panic=-1");
        assertThat(run.resolve("console.log")).content().contains("Linux version " + lines.get(0));
        assertThat(run.resolve("qemu.cmdline"))
                .content()
                .startsWith("/usr/bin/qemu-system-x86_64 ")
                .contains("-no-reboot");
        // Debian's xz-packed bzImage was booted as its vmlinux, unpacked into mzsh's cache (a PVH boot)
        Matcher kernel = Pattern.compile(" -kernel (\\S+) ").matcher(Files.readString(run.resolve("qemu.cmdline")));
        assertThat(kernel.find()).isTrue();
        Path loaded = Path.of(kernel.group(1));
        assertThat(loaded.getParent().getFileName()).hasToString("vmlinux");
        assertThat(loaded.getFileName().toString()).startsWith("vmlinux-").endsWith(".elf");
        try (InputStream in = Files.newInputStream(loaded)) {
            assertThat(in.readNBytes(4)).containsExactly(0x7f, 'E', 'L', 'F');
        }
        assertThat(Mzsh.run(work, "doctor").out())
                .containsPattern("kernel boot +ok +" + Pattern.quote(loaded.toString()) + " +\\(vmlinux, PVH entry\\)");
        assertThat(Files.readAllLines(run.resolve("transcript.mzsh")))
                .contains("exec uname -r", "exec cat /proc/cmdline");
        assertThat(Mzsh.qemuProcesses(run.toString())).isEmpty();
    }

    @Test
    void outputIsReturnedByteForByteEvenWhenItLooksLikeTheChannelsFraming() throws Exception {
        Path script = work.resolve("blob.mzsh");
        Files.writeString(
                script,
                String.join(
                        "\n",
                        "# 1 MiB of random bytes, then the agent's own reply lines and raw control bytes",
                        "exec head -c 1048576 /dev/urandom > /tmp/blob",
                        "exec printf 'R 1 0\\nS 1 1\\nH 1 fake yes\\nP 7\\n\\000\\377\\r\\033[2J' >> /tmp/blob",
                        "exec sha256sum /tmp/blob >&2",
                        "exec cat /tmp/blob",
                        ""));
        Mzsh.Result r = Mzsh.run(work, "-f", script.toString());

        assertThat(r.status()).as(r.stderr()).isZero();
        assertThat(r.stdout().length).isEqualTo(1048576 + "R 1 0\nS 1 1\nH 1 fake yes\nP 7\n".length() + 3 + 4);
        String hostSha =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(r.stdout()));
        assertThat(r.stderr()).contains(hostSha + "  /tmp/blob");
    }

    @Test
    void aFailingCommandStopsTheScriptWithStatusOne() throws Exception {
        Mzsh.Result r = Mzsh.run(work, "-c", "exec false; exec echo never");
        assertThat(r.status()).as(r.stderr()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.stderr()).contains("exec: exit status 1: false");
    }

    @Test
    void keepGoingRunsPastATimeoutAndStillFails() throws Exception {
        // The timeout kills the command's whole process group: a background child too.
        Mzsh.Result r = Mzsh.run(
                work,
                "--keep-going",
                "-c",
                "exec --timeout 5 sleep 600 & sleep 601; exec echo alive $(ps | grep -c '[s]leep 60[01]')");
        assertThat(r.status()).as(r.stderr()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("alive 0\n");
        assertThat(r.stderr()).contains("timed out after 5 s");
        assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(60));
    }

    @Test
    void anUnknownVerbIsAUsageErrorOnOneLineWithoutBooting() throws Exception {
        Path run = work.resolve("run");
        Mzsh.Result r = Mzsh.run(work, "--run-dir", run.toString(), "-c", "frobnicate");
        assertThat(r.status()).as(r.stderr()).isEqualTo(2);
        assertThat(r.stderr().strip().lines()).singleElement().asString().contains("frobnicate");
        assertThat(run.resolve("qemu.cmdline")).doesNotExist();
    }

    @Test
    void aGuestPanicExitsWithThreeAndLeavesNoQemu() throws Exception {
        Path run = work.resolve("run");
        // --no-dump: this bound is about noticing the panic; the dump's own time is CrashDumpIT's
        Mzsh.Result r = Mzsh.run(
                work,
                "--no-dump",
                "--run-dir",
                run.toString(),
                "-c",
                "exec echo c > /proc/sysrq-trigger; exec echo never");
        assertThat(r.status()).as(r.stderr()).isEqualTo(3);
        assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(60));
        assertThat(r.stderr()).contains("Kernel panic - not syncing: sysrq triggered crash", "last console lines");
        assertThat(r.out()).isEmpty();
        assertThat(Mzsh.qemuProcesses(run.toString())).isEmpty();
    }

    @ParameterizedTest(name = "kill -{0}")
    @ValueSource(strings = {"KILL", "TERM", "INT"})
    void killingTheJvmEndsQemu(String signal) throws Exception {
        Path run = work.resolve("run");
        Process mzsh = Mzsh.start(work, "--run-dir", run.toString(), "-c", "exec sleep 600");
        // mzsh runs commands of its own first (Memorizer discovery), so find the exec by its text
        eventually(Duration.ofSeconds(120), "exec sleep 600 to start", () -> commandFileContaining(run, "sleep 600"));
        assertThat(Mzsh.qemuProcesses(run.toString())).hasSize(1);

        new ProcessBuilder("kill", "-" + signal, Long.toString(mzsh.pid()))
                .start()
                .waitFor();
        assertThat(mzsh.waitFor(30, TimeUnit.SECONDS))
                .as("mzsh ended after kill -" + signal)
                .isTrue();
        // QEMU ends on its own (its pipe to the JVM closed, or mzsh's shutdown hook): waited for, bounded
        eventually(
                Duration.ofSeconds(15),
                "QEMU to end after mzsh",
                () -> Mzsh.qemuProcesses(run.toString()),
                List::isEmpty);
    }

    private static boolean commandFileContaining(Path run, String text) throws java.io.IOException {
        Path agent = run.resolve("guest/.agent");
        if (!Files.isDirectory(agent)) {
            return false;
        }
        try (var files = Files.list(agent)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".cmd")).toList()) {
                try {
                    if (Files.readString(f).contains(text)) {
                        return true;
                    }
                } catch (java.nio.file.NoSuchFileException gone) {
                    // a finished command's file was deleted meanwhile
                }
            }
        }
        return false;
    }

    @Test
    void twoRunsStartedTogetherGetTheirOwnDirectories() throws Exception {
        Process a = Mzsh.start(work, "-c", "status");
        Process b = Mzsh.start(work, "-c", "status");
        assertThat(a.waitFor()).isZero();
        assertThat(b.waitFor()).isZero();
        try (var dirs = Files.list(work.resolve("mzsh-runs"))) {
            List<Path> runs = dirs.toList();
            assertThat(runs).hasSize(2);
            for (Path d : runs) {
                assertThat(new String(Files.readAllBytes(d.resolve("transcript.mzsh")), StandardCharsets.UTF_8))
                        .contains("status");
            }
        }
    }

    @Test
    void aMissingKernelIsAHostProblemWithStatusFour() throws Exception {
        Mzsh.Result r = Mzsh.run(work, "--kernel", work.resolve("no-bzImage").toString(), "-c", "exec true");
        assertThat(r.status()).as(r.stderr()).isEqualTo(4);
        assertThat(r.stderr()).contains("no-bzImage (it does not exist");
    }

    @Test
    void commandsPipedToStdinRunAsABatch() throws Exception {
        Mzsh.Result r = Mzsh.runWithInput(work, "# a comment\nexec echo piped\n\nexec uname -s\n");
        assertThat(r.status()).as(r.stderr()).isZero();
        assertThat(r.out()).isEqualTo("piped\nLinux\n");
    }

    @Test
    void rebootGivesAFreshGuestAndPoweroffStopsIt() throws Exception {
        Path run = work.resolve("run");
        Mzsh.Result r = Mzsh.run(
                work,
                "--run-dir",
                run.toString(),
                "-c",
                "exec echo one > /tmp/mark; reboot; exec cat /tmp/mark 2>/dev/null || echo gone; status; poweroff; status");
        assertThat(r.status()).as(r.stderr()).isZero();
        assertThat(r.out()).isEqualTo("gone\n");
        assertThat(r.stderr()).contains("agent          answering", "guest          not running");
        String console = Files.readString(run.resolve("console.log"));
        assertThat(console.split("Linux version", -1))
                .as("two boots in one console.log")
                .hasSize(3);
        assertThat(Files.readAllLines(run.resolve("transcript.mzsh"))).contains("reboot", "poweroff");
    }
}
