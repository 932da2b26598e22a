package dev.mzsh.machine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

/**
 * Checks the server's host key against known_hosts, as OpenSSH does: a known key
 * passes; an unknown one is refused (or, with accept-new, appended to the file); a
 * key that differs from the recorded one is always refused. The refusal is kept for
 * the message, with the key's SHA256 fingerprint as OpenSSH prints it.
 */
final class HostKeyCheck extends OpenSSHKnownHosts {
    private final SshAddress address;
    private final boolean acceptNew;
    private volatile String refusal;
    private volatile String accepted;

    HostKeyCheck(SshAddress address, Path knownHosts, boolean acceptNew) throws IOException {
        super(knownHosts.toFile());
        this.address = address;
        this.acceptNew = acceptNew;
    }

    /** Why the key was refused, when it was. */
    String refusal() {
        return refusal;
    }

    /** The line added to known_hosts under accept-new, when one was. */
    String accepted() {
        return accepted;
    }

    @Override
    protected boolean hostKeyUnverifiableAction(String hostname, PublicKey key) {
        String fp = fingerprint(key);
        if (!acceptNew) {
            refusal = "the host key of " + address + " is unknown (" + KeyType.fromKey(key) + " " + fp
                    + "; not in " + khFile + "); check the fingerprint, then connect once with --accept-new-host-key"
                    + " to record it (or add it: ssh-keyscan -p " + address.port() + " " + address.host() + " >> "
                    + khFile + ")";
            return false;
        }
        try {
            Path file = khFile.toPath();
            Path dir = file.toAbsolutePath().getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            HostEntry entry = new HostEntry(null, hostname, KeyType.fromKey(key), key);
            write(entry);
            entries().add(entry);
            accepted = hostname + " " + KeyType.fromKey(key) + " " + fp;
            return true;
        } catch (IOException e) {
            refusal = "cannot record the host key of " + address + " in " + khFile + ": " + e.getMessage();
            return false;
        }
    }

    @Override
    protected boolean hostKeyChangedAction(String hostname, PublicKey key) {
        refusal = "the host key of " + address + " CHANGED (now " + KeyType.fromKey(key) + " " + fingerprint(key)
                + ", " + khFile + " records another): refused - someone may be intercepting, or the machine was"
                + " reinstalled; if you know it was, remove the old key (ssh-keygen -f " + khFile + " -R '"
                + hostname + "') and connect again";
        return false;
    }

    /** SHA256:BASE64 of the key blob, as ssh-keygen -l and OpenSSH's prompts print it. */
    static String fingerprint(PublicKey key) {
        byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
