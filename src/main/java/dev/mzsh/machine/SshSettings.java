package dev.mzsh.machine;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How to reach an SSH target.
 *
 * @param address          --target
 * @param identity         --identity, the private key; empty: the keys in {@code sshDir} (id_ed25519, id_ecdsa, id_rsa)
 * @param acceptNewHostKey --accept-new-host-key: record an unknown host key (a changed one is always refused)
 * @param sshDir           the user's ~/.ssh: the default keys
 * @param knownHosts       --known-hosts, default ~/.ssh/known_hosts
 */
public record SshSettings(SshAddress address, Optional<Path> identity, boolean acceptNewHostKey, Path sshDir,
                          Path knownHosts) {
    /** The user's ~/.ssh: under $HOME when set (as a shell user expects), else the account's home. */
    public static Path userSshDir() {
        String home = System.getenv("HOME");
        return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"), ".ssh");
    }
}
