package dev.mzsh.machine;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How to reach an SSH target.
 *
 * @param address          --target
 * @param identity         --identity, the private key; empty: the keys in {@code sshDir} (id_ed25519, id_ecdsa, id_rsa)
 * @param acceptNewHostKey --accept-new-host-key: record an unknown host key (a changed one is always refused)
 * @param sshDir           the user's ~/.ssh: known_hosts and default keys
 */
public record SshSettings(SshAddress address, Optional<Path> identity, boolean acceptNewHostKey, Path sshDir) {
    public Path knownHosts() {
        return sshDir.resolve("known_hosts");
    }

    /** The user's ~/.ssh (from user.home, which tests point elsewhere). */
    public static Path userSshDir() {
        return Path.of(System.getProperty("user.home"), ".ssh");
    }
}
