package dev.mzsh.e2e;

import static dev.mzsh.testing.Eventually.eventually;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's OpenSSH server as a test fixture: its own host key, config and
 * authorized key in a temporary directory, listening on a free port of 127.0.0.1
 * only, in the foreground ({@code sshd -D -e}) so the test owns the process.
 */
final class SshServer implements AutoCloseable {
    static final Path SSHD = Path.of("/usr/sbin/sshd");

    final Path dir;
    final int port;
    final Path clientKey;
    final Path hostKey;
    private final Process process;

    private SshServer(Path dir, int port, Path clientKey, Path hostKey, Process process) {
        this.dir = dir;
        this.port = port;
        this.clientKey = clientKey;
        this.hostKey = hostKey;
        this.process = process;
    }

    static boolean available() {
        return Files.isExecutable(SSHD);
    }

    /** Starts sshd in {@code dir} with a fresh host key and a fresh authorised client key. */
    static SshServer start(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path hostKey = dir.resolve("host_ed25519");
        Path clientKey = dir.resolve("client_ed25519");
        keygen(hostKey);
        keygen(clientKey);
        Files.copy(dir.resolve("client_ed25519.pub"), dir.resolve("authorized_keys"));
        // sshd refuses to start without its privilege separation directory (created by the service normally)
        Files.createDirectories(Path.of("/run/sshd"));
        int port;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            port = s.getLocalPort();
        }
        Path config = dir.resolve("sshd_config");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "Port " + port,
                        "ListenAddress 127.0.0.1",
                        "HostKey " + hostKey,
                        "PidFile " + dir.resolve("sshd.pid"),
                        "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                        "StrictModes no",
                        "UsePAM no",
                        "PasswordAuthentication no",
                        "KbdInteractiveAuthentication no",
                        "PubkeyAuthentication yes",
                        "PermitRootLogin prohibit-password",
                        "Subsystem sftp internal-sftp",
                        "LogLevel ERROR",
                        ""));
        Process p = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("sshd.log").toFile())
                .start();
        SshServer server = new SshServer(dir, port, clientKey, hostKey, p);
        server.awaitListening(Duration.ofMinutes(2));
        return server;
    }

    private void awaitListening(Duration limit) throws Exception {
        eventually(limit, "sshd to listen on port " + port, () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("sshd exited: " + Files.readString(dir.resolve("sshd.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return true;
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    static void keygen(Path key) throws Exception {
        Process p = new ProcessBuilder(
                        "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "mzsh-test", "-f", key.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("ssh-keygen failed: " + out);
        }
    }

    /** The SHA256 fingerprint of a public key, as ssh-keygen -l prints it. */
    static String fingerprint(Path publicKey) throws Exception {
        Process p = new ProcessBuilder("ssh-keygen", "-l", "-E", "sha256", "-f", publicKey.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return List.of(out.split(" ")).get(1);
    }

    String target() {
        return "ssh://" + System.getProperty("user.name") + "@127.0.0.1:" + port;
    }

    /** Cuts every open connection (the per-connection sshd processes), leaving the listener. */
    void dropConnections() {
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
