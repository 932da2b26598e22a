package dev.mzsh.machine;

import static dev.mzsh.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.hierynomus.sshj.signature.SignatureEdDSA;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.signature.Signature;
import net.schmizz.sshj.signature.SignatureRSA;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SshAgent against OpenSSH's own ssh-agent, with keys ssh-keygen made and ssh-add loaded. */
class SshAgentTest {
    @TempDir
    Path tmp;

    private Process agent;
    private Path socket;

    @BeforeEach
    void startAgent() throws Exception {
        assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/ssh-agent")),
                "openssh-client is not installed (.ci/test-tools installs it)");
        socket = tmp.resolve("agent.sock");
        agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("agent.log").toFile())
                .start();
        // the socket file appears at bind(), before ssh-agent listens: wait until it accepts
        eventually(
                Duration.ofSeconds(30),
                "ssh-agent accepting on its socket (or its end)",
                () -> accepts(socket) || !agent.isAlive());
        assertThat(socket)
                .as("ssh-agent's socket; its log: " + tmp.resolve("agent.log"))
                .exists();
    }

    private static boolean accepts(Path socket) {
        try (java.nio.channels.SocketChannel ch =
                java.nio.channels.SocketChannel.open(java.net.UnixDomainSocketAddress.of(socket))) {
            return ch.isConnected();
        } catch (IOException e) {
            return false;
        }
    }

    @AfterEach
    void stopAgent() throws Exception {
        if (agent != null) {
            agent.destroy();
            agent.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Path key(String type, String comment) throws Exception {
        Path k = tmp.resolve("key-" + type);
        run("ssh-keygen", "-q", "-t", type, "-N", "", "-C", comment, "-f", k.toString());
        run("env", "SSH_AUTH_SOCK=" + socket, "ssh-add", "-q", k.toString());
        return k;
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + out).isZero();
        return out;
    }

    @Test
    void listsTheKeysSshAddLoadedWithSshKeygensFingerprints() throws Exception {
        Path ed = key("ed25519", "lab-key");
        Path rsa = key("rsa", "old-key");
        try (SshAgent a = SshAgent.connect(socket)) {
            List<AgentIdentity> ids = a.identities();
            assertThat(ids).extracting(AgentIdentity::comment).containsExactly("lab-key", "old-key");
            assertThat(ids).extracting(AgentIdentity::keyType).containsExactly("ssh-ed25519", "ssh-rsa");
            assertThat(ids).extracting(AgentIdentity::algorithm).containsExactly("ssh-ed25519", "rsa-sha2-256");
            assertThat(run("ssh-keygen", "-l", "-f", ed + ".pub"))
                    .contains(ids.get(0).fingerprint());
            assertThat(run("ssh-keygen", "-l", "-f", rsa + ".pub"))
                    .contains(ids.get(1).fingerprint());
        }
    }

    @Test
    void signaturesVerifyWithTheListedPublicKey() throws Exception {
        key("ed25519", "a");
        key("rsa", "b");
        byte[] data = "session id and request".getBytes(StandardCharsets.UTF_8);
        try (SshAgent a = SshAgent.connect(socket)) {
            List<AgentIdentity> ids = a.identities();
            assertVerifies(
                    ids.get(0), a.sign(ids.get(0), data), data, new SignatureEdDSA.Factory().create(), "ssh-ed25519");
            // an RSA key signs with SHA-256: servers refuse SHA-1 (ssh-rsa) signatures
            assertVerifies(
                    ids.get(1),
                    a.sign(ids.get(1), data),
                    data,
                    new SignatureRSA.FactoryRSASHA256().create(),
                    "rsa-sha2-256");
        }
    }

    private static void assertVerifies(AgentIdentity id, byte[] sig, byte[] data, Signature verifier, String alg)
            throws Exception {
        assertThat(new Buffer.PlainBuffer(sig).readString()).isEqualTo(alg);
        PublicKey pk = new Buffer.PlainBuffer(id.blob()).readPublicKey();
        verifier.initVerify(pk);
        verifier.update(data);
        assertThat(verifier.verify(sig)).isTrue();
        byte[] other = data.clone();
        other[0] ^= 1;
        verifier.initVerify(pk);
        verifier.update(other);
        assertThat(verifier.verify(sig)).isFalse();
    }

    @Test
    void anEmptyAgentListsNothingAndADeadSocketSaysWhereItLooked() throws Exception {
        try (SshAgent a = SshAgent.connect(socket)) {
            assertThat(a.identities()).isEmpty();
        }
        assertThatThrownBy(() -> SshAgent.connect(tmp.resolve("gone.sock")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot reach the ssh-agent at " + tmp.resolve("gone.sock"))
                .hasMessageContaining("$SSH_AUTH_SOCK");
    }

    @Test
    void aKeyTheAgentDoesNotHoldIsRefusedInOneLine() throws Exception {
        key("ed25519", "held");
        try (SshAgent a = SshAgent.connect(socket)) {
            AgentIdentity held = a.identities().get(0);
            byte[] forged = held.blob().clone();
            forged[forged.length - 1] ^= 1;
            assertThatThrownBy(() -> a.sign(new AgentIdentity(forged, "not held"), new byte[] {1}))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("the ssh-agent refused to sign with ssh-ed25519");
        }
    }
}
