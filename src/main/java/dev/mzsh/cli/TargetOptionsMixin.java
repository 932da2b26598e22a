package dev.mzsh.cli;

import dev.mzsh.commands.UsageException;
import dev.mzsh.machine.SshAddress;
import dev.mzsh.machine.SshSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options that point the shell at a machine mzsh did not boot (an SSH target). */
public final class TargetOptionsMixin {
    @Option(
            names = "--target",
            paramLabel = "ssh://USER@HOST[:PORT]",
            description = "run every verb on this machine over SSH instead of booting a QEMU guest")
    String target;

    @Option(
            names = "--identity",
            paramLabel = "FILE",
            description = "the private key for --target, the only one tried (default: the keys of the ssh-agent at"
                    + " $SSH_AUTH_SOCK, then ~/.ssh/id_ed25519, id_ecdsa, id_rsa)")
    Path identity;

    @Option(
            names = "--accept-new-host-key",
            description =
                    "record an unknown host key of --target in ~/.ssh/known_hosts (a changed key is always refused)")
    boolean acceptNewHostKey;

    @Option(
            names = "--known-hosts",
            paramLabel = "FILE",
            description = "the known_hosts file that vouches for --target's host key (default: ~/.ssh/known_hosts)")
    Path knownHosts;

    Optional<SshSettings> toSettings() {
        if (target == null) {
            if (identity != null || acceptNewHostKey || knownHosts != null) {
                throw new UsageException("--identity, --known-hosts and --accept-new-host-key go with"
                        + " --target ssh://USER@HOST[:PORT]");
            }
            return Optional.empty();
        }
        SshAddress address;
        try {
            address = SshAddress.parse(target);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--target: " + e.getMessage());
        }
        if (identity != null && !Files.isRegularFile(identity)) {
            throw new UsageException("--identity " + identity + ": no such file");
        }
        Path sshDir = SshSettings.userSshDir();
        return Optional.of(new SshSettings(
                address,
                Optional.ofNullable(identity),
                acceptNewHostKey,
                sshDir,
                knownHosts != null ? knownHosts : sshDir.resolve("known_hosts"),
                SshSettings.userAgentSocket()));
    }
}
