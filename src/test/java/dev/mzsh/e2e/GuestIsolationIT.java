package dev.mzsh.e2e;

import static dev.mzsh.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile guest commands, run through ./mzsh (as root, as the README says), cannot
 * reach the host: not through the share, not through the files mzsh reads, not by
 * hanging. Each test says which attack of issue 9 it replays.
 */
class GuestIsolationIT {
    @TempDir
    Path work;

    /** A host file the guest must not be able to change or read. */
    private Path canary() throws Exception {
        return Files.writeString(work.resolve("canary.txt"), "host only: do not print\n");
    }

    @Test
    void linksModesDevicesAndTheInitramfsInTheShareStayTheGuestsOwnBusiness() throws Exception {
        Path canary = canary();
        Path run = work.resolve("run");
        String c = canary.toString();
        // Every host-written name of the old run directory, as a link to a host file; then the
        // exchange names of the next commands; then setuid, device nodes, a FIFO; then a write
        // into initrd.img. The guest's stat shows what it believes it made.
        Path script = Files.writeString(
                work.resolve("attack.mzsh"),
                String.join(
                        "\n",
                        "exec s=/mnt/mzsh; for f in console.log qemu.cmdline transcript.mzsh initrd.img kmap-001.kmap; do "
                                + "ln -sf " + c + " $s/$f; done; mkdir -p $s/bats; ln -s " + c
                                + " $s/bats/results.tap.partial; "
                                + "ln -s " + c + " $s/bats/junit.xml; for i in $(seq 3 40); do ln -s " + c
                                + " $s/.agent/$i.cmd; "
                                + "ln -s " + c + " $s/.agent/$i.out; done",
                        "exec s=/mnt/mzsh; cp /bin/busybox $s/suid; chown 0:0 $s/suid; chmod 4755 $s/suid; "
                                + "mknod $s/zero c 1 5; mknod $s/disk b 8 0; mkfifo $s/fifo; echo x >> $s/initrd.img; "
                                + "stat -c '%n %a %F' $s/suid $s/zero $s/disk $s/fifo",
                        "reboot",
                        "exec echo after reboot",
                        "exec cat /mnt/mzsh/link-target-test 2>/dev/null; ls /mnt/mzsh/.agent | wc -l",
                        ""));
        Mzsh.Result r = Mzsh.run(work, "--run-dir", run.toString(), "-f", script.toString());

        assertThat(r.status()).as(r.stderr()).isZero();
        // The guest saw its own metadata: the mapped security model keeps it, as metadata.
        assertThat(r.out())
                .contains(
                        "/mnt/mzsh/suid 4755 regular file",
                        "/mnt/mzsh/zero 644 character special file",
                        "/mnt/mzsh/disk 644 block special file",
                        "/mnt/mzsh/fifo 644 fifo",
                        "after reboot\n");
        assertThat(canary).hasContent("host only: do not print");
        assertThat(r.out() + r.stderr()).doesNotContain("do not print");
        // On the host: only plain files and directories, no setuid/setgid bit, the guest's files 0600.
        try (Stream<Path> all = Files.walk(run)) {
            for (Path p : all.toList()) {
                PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                assertThat(a.isRegularFile() || a.isDirectory())
                        .as(p + " is a plain file or directory")
                        .isTrue();
                assertThat(Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS))
                        .as(p + " has no setuid/setgid bit")
                        .matches(m -> ((Integer) m & 06000) == 0);
                if (a.isRegularFile() && p.startsWith(run.resolve("guest"))) {
                    assertThat(a.permissions())
                            .as(p + " made by the guest")
                            .doesNotContain(
                                    PosixFilePermission.GROUP_READ,
                                    PosixFilePermission.OTHERS_READ,
                                    PosixFilePermission.OWNER_EXECUTE);
                }
            }
        }
        // The host's own files are where they were and what they should be.
        assertThat(run.resolve("console.log")).content().contains("Linux version");
        assertThat(Files.readString(run.resolve("console.log")).split("Linux version", -1))
                .hasSize(3);
        assertThat(run.resolve("qemu.cmdline")).content().contains("security_model=mapped-");
        assertThat(Files.readAllLines(run.resolve("transcript.mzsh"))).contains("reboot", "exec echo after reboot");
        assertThat(Files.getAttribute(run.resolve("initrd.img"), "unix:nlink")).isEqualTo(1);
        assertThat(Mzsh.qemuProcesses(run.toString())).isEmpty();

        // A later run on the same machine boots normally.
        Mzsh.Result later = Mzsh.run(work, "--run-dir", work.resolve("later").toString(), "-c", "exec echo fine");
        assertThat(later.status()).as(later.stderr()).isZero();
        assertThat(later.out()).isEqualTo("fine\n");
    }

    @Test
    void aCommandThatTurnsItsOwnOutputIntoAFifoOrALinkNeitherBlocksNorLeaks() throws Exception {
        Path canary = canary();
        Path run = work.resolve("run");
        // $0 is the command file (.agent/ID.cmd); its output files sit beside it.
        Path script = Files.writeString(
                work.resolve("attack.mzsh"),
                String.join(
                        "\n",
                        "exec o=${0%.cmd}.out; e=${0%.cmd}.err; rm -f $o $e; mkfifo $o; ln -s " + canary
                                + " $e; echo gone",
                        "exec o=${0%.cmd}.out; rm -f $o; ln -s /dev/zero $o; echo gone",
                        "exec echo still serving",
                        ""));
        Mzsh.Result r = Mzsh.run(work, "--run-dir", run.toString(), "-f", script.toString());
        assertThat(r.status()).as(r.stderr()).isZero();
        assertThat(r.out()).endsWith("still serving\n");
        assertThat(r.out() + r.stderr()).doesNotContain("do not print");
        assertThat(r.elapsed()).isLessThan(Duration.ofMinutes(2));
        assertThat(Mzsh.qemuProcesses(run.toString())).isEmpty();
    }

    @Test
    void aStreamCaptureTheGuestAltersIsCaughtAndNotKept() throws Exception {
        Path run = work.resolve("run");
        // Tracing is off, so the stream stays idle: whatever the part holds is the guest's forgery.
        Path script = Files.writeString(
                work.resolve("stream.mzsh"),
                String.join(
                        "\n",
                        "disable",
                        "stream-kmap start",
                        "exec for p in /mnt/mzsh/.kmap-stream-001.kmap-*.part; do echo forged >> $p; done",
                        "stream-kmap stop",
                        ""));
        Mzsh.Result r = Mzsh.run(work, "--run-dir", run.toString(), "-f", script.toString());
        assertThat(r.status()).as(r.stderr()).isEqualTo(1);
        assertThat(r.stderr())
                .contains("stream-kmap: ")
                .contains("does not match")
                .contains("nothing was kept");
        assertThat(run.resolve("kmap-stream-001.kmap")).doesNotExist();
        try (Stream<Path> s = Stream.concat(Files.list(run), Files.list(run.resolve("guest")))) {
            assertThat(s.filter(p -> p.getFileName().toString().endsWith(".part")))
                    .isEmpty();
        }
        assertThat(Mzsh.qemuProcesses(run.toString())).isEmpty();
    }

    @Test
    void aGuestWhoseAgentIsKilledEndsTheCommandWithStatus3WellUnderAMinute() throws Exception {
        Path run = work.resolve("run");
        Path script = Files.writeString(
                work.resolve("kill-agent.mzsh"),
                "exec kill -9 $(grep -l mzsh-agent /proc/[0-9]*/cmdline | cut -d/ -f3) 2>/dev/null; sleep 600\n");
        Mzsh.Result r = Mzsh.run(work, "--run-dir", run.toString(), "-f", script.toString());
        assertThat(r.status()).as(r.stderr()).isEqualTo(3);
        assertThat(r.stderr()).contains("stopped answering");
        assertThat(r.elapsed()).as("boot plus the liveness limit").isLessThan(Duration.ofSeconds(90));
        assertThat(Mzsh.qemuProcesses(run.toString())).isEmpty();
    }

    @Test
    void aFrozenGuestEndsTheCommandWithStatus3WellUnderAMinute() throws Exception {
        Path run = work.resolve("run");
        Process mzsh = Mzsh.start(work, "--run-dir", run.toString(), "-c", "exec sleep 600");
        try {
            long qemu = awaitRunning(mzsh, run, "sleep 600");
            // Nothing answers any more: not the agent, not the kernel, not QEMU's monitor.
            new ProcessBuilder("kill", "-STOP", Long.toString(qemu)).start().waitFor();
            long t0 = System.nanoTime();
            assertThat(mzsh.waitFor(60, TimeUnit.SECONDS))
                    .as("mzsh ended within a minute")
                    .isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(50));
            assertThat(mzsh.exitValue()).isEqualTo(3);
            String err = new String(mzsh.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(err).contains("stopped answering");
            assertThat(Mzsh.qemuProcesses(run.toString())).isEmpty();
        } finally {
            mzsh.destroyForcibly();
        }
    }

    @Test
    void aFaultOnTheConsoleEndsTheRunningCommandAndItsLinesReachTheTerminalInert() throws Exception {
        Path run = work.resolve("run");
        Path script = Files.writeString(
                work.resolve("fault.mzsh"),
                "exec printf 'BUG: mzsh test fault \\033]0;pwned\\007\\033[2J \\233 31m\\n' > /dev/kmsg; sleep 600\n");
        Mzsh.Result r = Mzsh.run(work, "--run-dir", run.toString(), "-f", script.toString());
        assertThat(r.status()).as(r.stderr()).isEqualTo(3);
        assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(90));
        assertThat(r.stderr())
                .contains("BUG: mzsh test fault", "last console lines")
                .doesNotContain("\033", "\007", "\u009b");
        assertThat(r.stderr()).contains("^[]0;pwned^G");
        assertThat(Mzsh.qemuProcesses(run.toString())).isEmpty();
    }

    /** Waits until the guest runs the command containing {@code text}; returns QEMU's pid. */
    private static long awaitRunning(Process mzsh, Path run, String text) throws Exception {
        eventually(Duration.ofMinutes(3), "the guest to run " + text, () -> {
            if (!mzsh.isAlive()) {
                throw new AssertionError("mzsh ended (" + mzsh.exitValue() + "): "
                        + new String(mzsh.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            return commandFileContaining(run, text);
        });
        List<Long> q = Mzsh.qemuProcesses(run.toString());
        assertThat(q).hasSize(1);
        return q.get(0);
    }

    /** Whether a command file of the agent holds {@code text} (mzsh runs commands of its own first). */
    private static boolean commandFileContaining(Path run, String text) throws java.io.IOException {
        Path agent = run.resolve("guest/.agent");
        if (!Files.isDirectory(agent)) {
            return false;
        }
        try (Stream<Path> s = Files.list(agent)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".cmd")).toList()) {
                try {
                    if (Files.readString(f).contains(text)) {
                        return true;
                    }
                } catch (java.nio.file.NoSuchFileException gone) {
                    // an earlier command's file, deleted meanwhile
                }
            }
        }
        return false;
    }
}
