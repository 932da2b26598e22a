package dev.mzsh.e2e;

import static dev.mzsh.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * --target ssh:// against a real OpenSSH server on 127.0.0.1 (this machine as the
 * remote): host-key checks, exec's bytes and statuses, timeouts that kill the remote
 * group, a dropped connection, run-bats over SFTP. HOME is a temporary directory, so
 * ~/.ssh/known_hosts is the test's own, never the user's.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SshTargetIT {
    @TempDir
    static Path tmp;

    static SshServer server;
    static Path home;
    static Map<String, String> env;

    @BeforeAll
    static void startServer() throws Exception {
        assumeTrue(SshServer.available(), "openssh-server is not installed (.ci/test-tools installs it)");
        server = SshServer.start(tmp.resolve("sshd"));
        home = Files.createDirectories(tmp.resolve("home"));
        env = Map.of("HOME", home.toString());
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static Mzsh.Result mzsh(String... args) throws Exception {
        List<String> a =
                new ArrayList<>(List.of("--target", server.target(), "--identity", server.clientKey.toString()));
        a.addAll(List.of(args));
        return Mzsh.runWithEnv(tmp, env, a.toArray(String[]::new));
    }

    private static Path knownHosts() {
        return home.resolve(".ssh/known_hosts");
    }

    @Test
    @Order(1)
    void anUnknownHostKeyIsRefusedWithItsFingerprint() throws Exception {
        Mzsh.Result r = mzsh("-c", "exec uname -r");
        String fp = SshServer.fingerprint(server.dir.resolve("host_ed25519.pub"));
        assertThat(r.status()).as(r.stderr()).isEqualTo(4);
        assertThat(r.stderr()).contains("unknown", fp, "--accept-new-host-key");
        assertThat(r.stdout()).isEmpty();
        assertThat(knownHosts()).doesNotExist();
    }

    @Test
    @Order(2)
    void acceptNewRecordsTheKeyAndExecPrintsTheRemoteRelease() throws Exception {
        Mzsh.Result r = mzsh("--accept-new-host-key", "-c", "exec uname -r");
        assertThat(r.status()).as(r.stderr()).isZero();
        String release = new String(
                new ProcessBuilder("uname", "-r").start().getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(r.out()).isEqualTo(release);
        assertThat(Files.readString(knownHosts())).startsWith("[127.0.0.1]:" + server.port + " ssh-ed25519 ");
        // from now on the key is known: no flag needed
        Mzsh.Result again = mzsh("-c", "exec true");
        assertThat(again.status()).as(again.stderr()).isZero();
        assertThat(again.stderr()).doesNotContain("recorded");
    }

    @Test
    @Order(3)
    void withoutIdentityTheUsersAgentSignsAndANoKeyLoginSaysWhatToDo() throws Exception {
        Path sock = tmp.resolve("agent.sock");
        Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", sock.toString())
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("agent.log").toFile())
                .start();
        try {
            eventually(Duration.ofSeconds(30), "ssh-agent's socket", () -> Files.exists(sock));
            Map<String, String> agentEnv = Map.of("HOME", home.toString(), "SSH_AUTH_SOCK", sock.toString());
            // an empty agent and no ~/.ssh key: refused before any login, with the fix
            Mzsh.Result none = Mzsh.runWithEnv(tmp, agentEnv, "--target", server.target(), "-c", "exec true");
            assertThat(none.status()).as(none.stderr()).isEqualTo(4);
            assertThat(none.stderr()).contains("the ssh-agent holds no key", "ssh-add", "--identity");
            // the authorised key, passphrase-protected on disk and unlocked only in the agent: mzsh logs in through it
            Path locked = tmp.resolve("locked_ed25519");
            Files.copy(server.clientKey, locked);
            Files.setPosixFilePermissions(locked, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            run(Map.of(), "ssh-keygen", "-q", "-p", "-P", "", "-N", "lab secret", "-f", locked.toString());
            Path askpass = Files.writeString(tmp.resolve("askpass"), "#!/bin/sh\necho 'lab secret'\n");
            askpass.toFile().setExecutable(true);
            run(
                    Map.of(
                            "SSH_AUTH_SOCK",
                            sock.toString(),
                            "SSH_ASKPASS",
                            askpass.toString(),
                            "SSH_ASKPASS_REQUIRE",
                            "force"),
                    "ssh-add",
                    "-q",
                    locked.toString());
            Mzsh.Result r = Mzsh.runWithEnv(tmp, agentEnv, "--target", server.target(), "-c", "exec echo via-agent");
            assertThat(r.status()).as(r.stderr()).isZero();
            assertThat(r.out()).isEqualTo("via-agent\n");
        } finally {
            agent.destroy();
            agent.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void run(Map<String, String> extraEnv, String... cmd) throws Exception {
        ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true);
        b.environment().putAll(extraEnv);
        Process p = b.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + out).isZero();
    }

    @Test
    @Order(4)
    void execReturnsTheRemoteStatusAndStderr() throws Exception {
        Mzsh.Result r = mzsh("-c", "exec false");
        assertThat(r.status()).as(r.stderr()).isEqualTo(1);
        assertThat(r.stderr()).contains("exit status 1");
        Mzsh.Result e = mzsh("-c", "exec sh -c 'echo to-err >&2; exit 7'");
        assertThat(e.status()).isEqualTo(1);
        assertThat(e.stderr()).contains("to-err", "exit status 7").doesNotContain("mzsh-pgid");
        assertThat(e.stdout()).isEmpty();
    }

    @Test
    @Order(5)
    void oneMebibyteOfBinaryOutputIsByteExact() throws Exception {
        byte[] blob = new byte[1 << 20];
        new Random(13).nextBytes(blob);
        Path file = Files.write(tmp.resolve("blob.bin"), blob);
        Mzsh.Result r = mzsh("-c", "exec cat " + file);
        assertThat(r.status()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo(blob);
    }

    @Test
    @Order(6)
    void aTimeoutKillsTheRemoteProcessGroup() throws Exception {
        String marker = "600.0" + ProcessHandle.current().pid();
        Mzsh.Result r = mzsh("-c", "exec --timeout 5 sh -c 'sleep " + marker + "; echo never'");
        assertThat(r.status()).as(r.stderr()).isEqualTo(1);
        assertThat(r.stderr()).contains("timed out after 5 s");
        assertThat(r.out()).doesNotContain("never");
        awaitGone("sleep " + marker);
    }

    @Test
    @Order(7)
    void runBatsUploadsTheTestsAndWritesJunit() throws Exception {
        Path tests = Files.createDirectories(tmp.resolve("tests"));
        Files.writeString(
                tests.resolve("remote.bats"),
                "#!/usr/bin/env bats\n"
                        + "@test \"runs on the remote\" { [ -d / ]; }\n"
                        + "@test \"fails on purpose\" { false; }\n");
        List<Path> before = remoteTempDirs();
        Path run = tmp.resolve("run-bats");
        Mzsh.Result r = mzsh("--run-dir", run.toString(), "-c", "run-bats " + tests.resolve("remote.bats"));
        assertThat(r.status()).as(r.stderr()).isEqualTo(1);
        assertThat(r.stderr()).contains("1 of 2 tests failed");
        String junit = Files.readString(run.resolve("bats/junit.xml"));
        assertThat(junit).contains("runs on the remote", "fails on purpose", "failures=\"1\"");
        assertThat(remoteTempDirs())
                .as("the remote's temporary directory is removed")
                .isEqualTo(before);
    }

    @Test
    @Order(8)
    void statusNamesTheTargetAndQemuVerbsSaySoInOneLine() throws Exception {
        Mzsh.Result s = mzsh("-c", "exec true; status");
        assertThat(s.status()).as(s.stderr()).isZero();
        assertThat(s.stderr()).contains("target         " + server.target(), "ssh            answering");
        Mzsh.Result g = mzsh("-c", "reboot");
        assertThat(g.status()).isEqualTo(2);
        assertThat(g.stderr().strip().lines())
                .singleElement()
                .asString()
                .contains("reboot: needs a QEMU guest", server.target());
    }

    @Test
    @Order(10)
    void aDroppedConnectionEndsTheCommandWithStatus3() throws Exception {
        String marker = "700.0" + ProcessHandle.current().pid();
        List<String> a = new ArrayList<>(List.of(
                "--target", server.target(), "--identity", server.clientKey.toString(), "-c", "exec sleep " + marker));
        Process p = Mzsh.startWithEnv(tmp, env, a.toArray(String[]::new));
        try {
            awaitPresent("sleep " + marker);
            server.dropConnections();
            assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(err).isEqualTo(3);
            assertThat(err).contains("SSH connection", "dropped");
        } finally {
            p.destroyForcibly();
            processes("sleep " + marker).forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    @Order(9)
    void endingMzshKillsTheRemoteCommand() throws Exception {
        String marker = "800.0" + ProcessHandle.current().pid();
        Process p = Mzsh.startWithEnv(
                tmp,
                env,
                "--target",
                server.target(),
                "--identity",
                server.clientKey.toString(),
                "-c",
                "exec sleep " + marker);
        try {
            awaitPresent("sleep " + marker);
            p.destroy(); // SIGTERM: the JVM's shutdown, as on Ctrl-C of a batch run
            assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
            awaitGone("sleep " + marker);
        } finally {
            p.destroyForcibly();
            processes("sleep " + marker).forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    @Order(11)
    void aChangedHostKeyIsAlwaysRefused() throws Exception {
        Path other = tmp.resolve("other_host_key");
        SshServer.keygen(other);
        String otherKey = Files.readString(tmp.resolve("other_host_key.pub")).strip();
        Files.writeString(knownHosts(), "[127.0.0.1]:" + server.port + " " + otherKey + "\n");
        Mzsh.Result r = mzsh("--accept-new-host-key", "-c", "exec true");
        assertThat(r.status()).as(r.stderr()).isEqualTo(4);
        assertThat(r.stderr())
                .contains("CHANGED", SshServer.fingerprint(server.dir.resolve("host_ed25519.pub")), "ssh-keygen -f");
        assertThat(Files.readString(knownHosts())).as("nothing was added").hasLineCount(1);
    }

    private static List<Path> remoteTempDirs() throws Exception {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir", "/tmp")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("mzsh-bats."))
                    .sorted()
                    .toList();
        }
    }

    /** Processes running exactly {@code commandLine} (the program by name or path). */
    private static Stream<ProcessHandle> processes(String commandLine) {
        return ProcessHandle.allProcesses()
                .filter(h -> h.info()
                        .commandLine()
                        .map(c -> c.equals(commandLine) || c.endsWith("/" + commandLine))
                        .orElse(false));
    }

    /** Waits (bounded, generously: a busy machine is slow) until no process runs {@code commandLine}. */
    private static void awaitGone(String commandLine) throws InterruptedException {
        eventually(
                Duration.ofMinutes(1),
                "no process running '" + commandLine + "'",
                () -> processes(commandLine).findAny().isEmpty());
    }

    private static void awaitPresent(String commandLine) throws InterruptedException {
        eventually(
                Duration.ofMinutes(2),
                "a process running '" + commandLine + "'",
                () -> processes(commandLine).findAny().isPresent());
    }
}
