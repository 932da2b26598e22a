package dev.mzsh.machine;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How to reach an SSH target.
 *
 * @param address          --target
 * @param identity         --identity, the private key and the only one tried; empty: the agent's keys, then the
 *                         keys in {@code sshDir} (id_ed25519, id_ecdsa, id_rsa), as ssh tries them
 * @param acceptNewHostKey --accept-new-host-key: record an unknown host key (a changed one is always refused)
 * @param sshDir           the user's ~/.ssh: the default keys
 * @param knownHosts       --known-hosts, default ~/.ssh/known_hosts
 * @param agentSocket      the user's ssh-agent ($SSH_AUTH_SOCK), if one is running
 */
public record SshSettings(
        SshAddress address,
        Optional<Path> identity,
        boolean acceptNewHostKey,
        Path sshDir,
        Path knownHosts,
        Optional<Path> agentSocket) {
    /** $SSH_AUTH_SOCK, as ssh reads it. */
    public static Optional<Path> userAgentSocket() {
        String sock = System.getenv("SSH_AUTH_SOCK");
        return sock == null || sock.isBlank() ? Optional.empty() : Optional.of(Path.of(sock));
    }

    /** The user's ~/.ssh: under $HOME when set (as a shell user expects), else the account's home. */
    public static Path userSshDir() {
        String home = System.getenv("HOME");
        return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"), ".ssh");
    }
}
