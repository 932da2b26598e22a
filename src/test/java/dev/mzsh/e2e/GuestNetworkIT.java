package dev.mzsh.e2e;

import static dev.mzsh.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mzsh.host.KernelLocator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --net and --ssh-port on the real guest: the system's OpenSSH client logs in with the
 * key and known_hosts mzsh printed, the forward listens on 127.0.0.1 only, --ssh-port
 * alone keeps the guest off the host, and the default guest has no network at all.
 */
class GuestNetworkIT {
    /** Boots under TCG on a busy machine: generous, a condition not a clock. */
    private static final Duration BOOT = Duration.ofMinutes(5);

    @TempDir
    Path work;

    @Test
    void sshPortLetsTheSystemSshClientInOnLoopbackOnly() throws Exception {
        int port = freePort();
        Path run = work.resolve("run");
        try (Booted guest = Booted.start(work, run, "--net", "user", "--ssh-port", Integer.toString(port))) {
            String stderr = guest.awaitSshLines();
            Path identity = run.resolve("ssh/id_ed25519");
            assertThat(stderr)
                    .contains("mzsh: ssh: " + Mzsh.REPO.resolve("mzsh") + " --target ssh://root@127.0.0.1:" + port
                            + " --identity " + identity + " --known-hosts " + run.resolve("ssh/known_hosts"));
            assertThat(stderr)
                    .contains("mzsh: ssh: ssh -i " + identity + " -p " + port + " -o UserKnownHostsFile="
                            + run.resolve("ssh/known_hosts") + " root@127.0.0.1");

            Ssh ssh = new Ssh(run, port);
            assertThat(ssh.run("uname -r"))
                    .isEqualTo(new Ssh.Reply(0, KernelLocator.stock().release() + "\n"));
            assertThat(ssh.run("exit 7").status()).isEqualTo(7);

            // The forward: 127.0.0.1 only, held by QEMU.
            List<String> listeners = listenersOn(port);
            assertThat(listeners).isNotEmpty().allMatch(l -> l.contains(" 127.0.0.1:" + port + " "));
            assertThat(String.join("\n", listeners)).contains("qemu-system");

            // --net user: the guest reaches the host (here a listener of this test) through the gateway.
            try (ServerSocket host = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                CompletableFuture<String> got = CompletableFuture.supplyAsync(() -> readOne(host));
                assertThat(ssh.run("echo from-guest | nc -w 30 10.0.2.2 " + host.getLocalPort())
                                .status())
                        .isZero();
                assertThat(got.get(2, TimeUnit.MINUTES)).isEqualTo("from-guest");
            }

            // The keys are the host's: outside the share, private ones 0600.
            assertThat(Files.getPosixFilePermissions(identity)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.getPosixFilePermissions(run.resolve("ssh")))
                    .isEqualTo(PosixFilePermissions.fromString("rwx------"));
            try (Stream<Path> shared = Files.walk(run.resolve("guest"))) {
                assertThat(shared.map(p -> p.getFileName().toString()))
                        .noneMatch(n -> n.contains("id_ed25519") || n.contains("host_key") || n.equals("known_hosts"));
            }
        }
        // The VM never outlives the shell: once mzsh ends, nothing holds the port.
        eventually(
                Duration.ofMinutes(1),
                "QEMU of " + run + " gone",
                () -> uncheckedQemu(run.toString()).isEmpty());
        assertThat(listenersOn(port)).isEmpty();
    }

    @Test
    void sshPortAloneForwardsButKeepsTheGuestOffTheHost() throws Exception {
        int port = freePort();
        Path run = work.resolve("run");
        try (Booted guest = Booted.startScript(
                        work, run, "boot; status; exec sleep 100000", "--ssh-port", Integer.toString(port));
                ServerSocket host = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            guest.awaitSshLines();
            String login = "ssh -i " + run.resolve("ssh/id_ed25519") + " -p " + port;
            eventually(BOOT, "status naming the SSH login", guest::stderr, s -> s.contains("ssh            " + login));
            Ssh ssh = new Ssh(run, port);
            assertThat(ssh.run("cat /proc/cmdline").out()).contains("mzsh.net=user");
            Ssh.Reply tried = ssh.run("echo x | nc -w 10 10.0.2.2 " + host.getLocalPort() + " && echo reached");
            assertThat(tried.out()).doesNotContain("reached");
            host.setSoTimeout(1000);
            assertThat(acceptsOne(host))
                    .as("the guest reached the host's loopback")
                    .isFalse();
        }
    }

    @Test
    void twoGuestsRestoredFromOneSnapshotPresentTheirOwnHostKeys() throws Exception {
        Mzsh.Result first = Mzsh.run(
                work,
                "--run-dir",
                work.resolve("warm-up").toString(),
                "--ssh-port",
                Integer.toString(freePort()),
                "-c",
                "exec true");
        assertThat(first.status()).as(first.stderr()).isZero(); // a snapshot of this guest now exists
        List<String> hostKeys = new ArrayList<>();
        for (String name : List.of("a", "b")) {
            int port = freePort();
            Path run = work.resolve(name);
            try (Booted guest = Booted.start(work, run, "--ssh-port", Integer.toString(port))) {
                String stderr = guest.awaitSshLines();
                assertThat(stderr).contains("mzsh: restored from snapshot ");
                // StrictHostKeyChecking against this run's known_hosts: the server presents this run's key.
                assertThat(new Ssh(run, port).run("echo in-" + name)).isEqualTo(new Ssh.Reply(0, "in-" + name + "\n"));
                hostKeys.add(Files.readString(run.resolve("ssh/known_hosts")).split(" ", 2)[1]);
            }
        }
        assertThat(hostKeys.get(0)).isNotEqualTo(hostKeys.get(1));
    }

    @Test
    void theDefaultGuestHasNoNetworkCardAndNoSshServer() throws Exception {
        Path run = work.resolve("run");
        Mzsh.Result r = Mzsh.run(
                work,
                "--run-dir",
                run.toString(),
                "-c",
                "exec ls /sys/class/net; exec cat /proc/cmdline; exec sh -c 'pidof dropbear || echo no-dropbear'");
        assertThat(r.status()).as(r.stderr()).isZero();
        assertThat(r.out()).startsWith("lo\n").contains("no-dropbear").doesNotContain("mzsh.net");
        assertThat(Files.readString(run.resolve("qemu.cmdline"))).doesNotContain("-netdev", "hostfwd", "virtio-net");
        assertThat(run.resolve("ssh")).doesNotExist();
    }

    @Test
    void netUserAloneConfiguresTheCardButStartsNoSshServer() throws Exception {
        Path run = work.resolve("run");
        Mzsh.Result r = Mzsh.run(
                work,
                "--run-dir",
                run.toString(),
                "--net",
                "user",
                "-c",
                "exec ip -4 addr show eth0; exec ip route; exec sh -c 'pidof dropbear || echo no-dropbear'");
        assertThat(r.status()).as(r.stderr()).isZero();
        assertThat(r.out()).contains("inet 10.0.2.15/24", "default via 10.0.2.2", "no-dropbear");
        assertThat(r.stderr()).doesNotContain("mzsh: ssh:");
        assertThat(Files.readString(run.resolve("qemu.cmdline")))
                .contains("-netdev user,id=net0 ")
                .doesNotContain("hostfwd", "restrict");
        assertThat(run.resolve("ssh")).doesNotExist();
    }

    @Test
    void aPortInUseIsOneLineAndExitFourWithoutStartingQemu() throws Exception {
        Path run = work.resolve("run");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Mzsh.Result r = Mzsh.run(
                    work, "--run-dir", run.toString(), "--ssh-port", Integer.toString(port), "-c", "exec true");
            assertThat(r.status()).as(r.stderr()).isEqualTo(4);
            assertThat(r.stderr().strip()).hasLineCount(1).contains("127.0.0.1:" + port, "--ssh-port");
            assertThat(run.resolve("qemu.cmdline")).doesNotExist();
            assertThat(Mzsh.qemuProcesses(run.toString())).isEmpty();
        }
    }

    /** A guest mzsh keeps running (a long exec) until the test closes it, as a user's terminal would. */
    static final class Booted implements AutoCloseable {
        private final Process process;
        private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        private final Thread pump;

        private Booted(Process process) {
            this.process = process;
            this.pump = new Thread(() -> {
                try (InputStream in = process.getErrorStream()) {
                    byte[] b = new byte[4096];
                    for (int n; (n = in.read(b)) > 0; ) {
                        synchronized (stderr) {
                            stderr.write(b, 0, n);
                        }
                    }
                } catch (IOException ignored) {
                    // mzsh ended
                }
            });
            pump.start();
        }

        static Booted start(Path work, Path run, String... options) throws IOException {
            return startScript(work, run, "exec sleep 100000", options);
        }

        static Booted startScript(Path work, Path run, String script, String... options) throws IOException {
            List<String> args = new ArrayList<>(List.of("--run-dir", run.toString()));
            args.addAll(List.of(options));
            args.addAll(List.of("-c", script));
            return new Booted(Mzsh.start(work, args.toArray(String[]::new)));
        }

        String stderr() {
            synchronized (stderr) {
                return stderr.toString(StandardCharsets.UTF_8);
            }
        }

        /** Waits for the login lines mzsh prints once the guest's SSH server answers. */
        String awaitSshLines() throws InterruptedException {
            return eventually(
                    BOOT,
                    "mzsh's 'ssh:' lines (or its end)",
                    this::stderr,
                    s -> s.contains("mzsh: ssh: ssh -i") || !process.isAlive() && assertAlive(s));
        }

        private boolean assertAlive(String s) {
            throw new AssertionError("mzsh ended with status " + process.exitValue() + " before SSH was ready:\n" + s);
        }

        @Override
        public void close() throws Exception {
            process.destroy(); // SIGTERM, as a user's kill: mzsh ends its QEMU
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("mzsh did not end within 2 minutes of SIGTERM");
            }
            pump.join(TimeUnit.MINUTES.toMillis(1));
        }
    }

    /** The system's OpenSSH client with exactly the identity and known_hosts mzsh made. */
    record Ssh(Path run, int port) {
        record Reply(int status, String out) {}

        Reply run(String command) throws Exception {
            Path ssh = Path.of("/usr/bin/ssh");
            assertThat(ssh)
                    .as("OpenSSH's client (openssh-client, installed by .ci/test-tools)")
                    .isExecutable();
            Process p = new ProcessBuilder(
                            ssh.toString(),
                            "-i",
                            run.resolve("ssh/id_ed25519").toString(),
                            "-p",
                            Integer.toString(port),
                            "-o",
                            "UserKnownHostsFile=" + run.resolve("ssh/known_hosts"),
                            "-o",
                            "StrictHostKeyChecking=yes",
                            "-o",
                            "BatchMode=yes",
                            "-o",
                            "IdentitiesOnly=yes",
                            "-o",
                            "ConnectTimeout=120",
                            "-F",
                            "/dev/null",
                            "root@127.0.0.1",
                            command)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("ssh did not finish within 5 minutes: " + command);
            }
            return new Reply(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        }
    }

    /** ss's TCP listeners on {@code port}, one line each. */
    private static List<String> listenersOn(int port) throws Exception {
        Process p = new ProcessBuilder("ss", "-Hlntp").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(text).isZero();
        return text.lines()
                .map(l -> " " + l.replaceAll("\\s+", " ") + " ")
                .filter(l -> l.matches(".*:" + port + " .*"))
                .toList();
    }

    private static List<Long> uncheckedQemu(String marker) {
        try {
            return Mzsh.qemuProcesses(marker);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String readOne(ServerSocket server) {
        try {
            server.setSoTimeout((int) TimeUnit.MINUTES.toMillis(2));
            try (Socket s = server.accept()) {
                return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean acceptsOne(ServerSocket server) throws IOException {
        try (Socket s = server.accept()) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }
}
