package dev.mzsh.session;

import dev.mzsh.host.HostProbe;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The SSH keys of one run with --ssh-port, in the run directory's {@code ssh/} (mode 0700,
 * beside the guest's share, never in it): the guest's host key, the client key pair that
 * logs in as root, and a known_hosts line for the forward. Made once per run with
 * dropbear's tools and kept for a reboot. They reach the guest only inside the run's
 * initramfs copy; the host never reads keys back from the guest.
 *
 * @param dir            RUN/ssh
 * @param identity       the client's private key, OpenSSH format (for ssh -i and --identity)
 * @param knownHosts     a known_hosts file naming the guest's host key at 127.0.0.1:PORT
 * @param hostKey        the guest's private host key in dropbear's format (goes into the image)
 * @param clientPublic   the client's public key line (root's authorized_keys)
 */
public record GuestSshKeys(Path dir, Path identity, Path knownHosts, Path hostKey, String clientPublic) {
    public static final String DIR = "ssh";

    /** This run's keys, made on the first boot; known_hosts is written for {@code port}. */
    public static GuestSshKeys ensure(RunDirectory run, HostProbe probe, int port) throws IOException {
        Path dir = run.file(DIR);
        if (!Files.isDirectory(dir)) {
            Files.createDirectory(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path hostKey = dir.resolve("dropbear_ed25519_host_key");
        Path clientDropbear = dir.resolve("id_ed25519.dropbear");
        Path identity = dir.resolve("id_ed25519");
        Path clientPub = dir.resolve("id_ed25519.pub");
        Path keygen = probe.require(HostProbe.DROPBEARKEY);
        if (!Files.isRegularFile(hostKey)) {
            generate(keygen, hostKey);
        }
        if (!Files.isRegularFile(identity) || !Files.isRegularFile(clientPub)) {
            Files.deleteIfExists(clientDropbear);
            String pub = generate(keygen, clientDropbear);
            Path tmp = dir.resolve("id_ed25519.tmp");
            Files.deleteIfExists(tmp);
            run(List.of(
                    probe.require(HostProbe.DROPBEARCONVERT).toString(),
                    "dropbear",
                    "openssh",
                    clientDropbear.toString(),
                    tmp.toString()));
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            Files.move(tmp, identity, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.delete(clientDropbear);
            writeAtomically(clientPub, pub + " mzsh-" + run.path().getFileName() + "\n");
        }
        String hostPub = publicKey(keygen, hostKey);
        String host = port == 22 ? "127.0.0.1" : "[127.0.0.1]:" + port;
        Path knownHosts = dir.resolve("known_hosts");
        writeAtomically(knownHosts, host + " " + hostPub + "\n");
        String clientPublic = Files.readString(clientPub).strip();
        return new GuestSshKeys(dir, identity, knownHosts, hostKey, clientPublic);
    }

    /** Makes an ed25519 key with dropbearkey and returns its public line ("ssh-ed25519 AAAA..."). */
    private static String generate(Path keygen, Path key) throws IOException {
        return publicLine(run(List.of(keygen.toString(), "-t", "ed25519", "-f", key.toString())), key);
    }

    private static String publicKey(Path keygen, Path key) throws IOException {
        return publicLine(run(List.of(keygen.toString(), "-y", "-f", key.toString())), key);
    }

    /** The key type and base64 of dropbearkey's "Public key portion" (its comment dropped). */
    static String publicLine(String output, Path key) throws IOException {
        for (String line : output.split("\n")) {
            String[] w = line.strip().split(" ");
            if (w.length >= 2 && w[0].equals("ssh-ed25519")) {
                return w[0] + " " + w[1];
            }
        }
        throw new IOException("dropbearkey printed no public key for " + key + ": " + output.strip());
    }

    private static String run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(cmd.get(0) + " did not finish");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out.strip());
        }
        return out;
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
