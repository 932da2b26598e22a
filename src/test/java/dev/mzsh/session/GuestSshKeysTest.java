package dev.mzsh.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mzsh.host.HostProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real dropbearkey and dropbearconvert (dropbear-bin, installed by setup). */
class GuestSshKeysTest {
    @TempDir
    Path dir;

    private static HostProbe probe() {
        HostProbe probe = new HostProbe();
        assumeTrue(HostProbe.SSH_SERVER.stream().allMatch(r -> probe.find(r).found()), "dropbear-bin is installed");
        return probe;
    }

    @Test
    void keysLiveBesideTheShareAndAreKeptForAReboot() throws Exception {
        HostProbe probe = probe();
        RunDirectory run = RunDirectory.exactly(dir.resolve("run"));
        GuestSshKeys keys = GuestSshKeys.ensure(run, probe, 2222);

        assertThat(keys.dir()).isEqualTo(run.path().resolve("ssh"));
        assertThat(keys.dir().startsWith(run.shared())).isFalse();
        assertThat(Files.getPosixFilePermissions(keys.dir())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(keys.identity()))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(keys.identity())).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
        assertThat(keys.clientPublic()).startsWith("ssh-ed25519 AAAA").endsWith(" mzsh-run");
        assertThat(Files.readString(keys.knownHosts())).matches("\\[127\\.0\\.0\\.1\\]:2222 ssh-ed25519 AAAA\\S+\n");

        GuestSshKeys again = GuestSshKeys.ensure(run, probe, 2222);
        assertThat(again.clientPublic()).isEqualTo(keys.clientPublic());
        assertThat(Files.readString(again.knownHosts())).isEqualTo(Files.readString(keys.knownHosts()));
        assertThat(Files.readAllBytes(again.hostKey())).isEqualTo(Files.readAllBytes(keys.hostKey()));
        try (var s = Files.list(keys.dir())) {
            assertThat(s.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(
                            "dropbear_ed25519_host_key", "id_ed25519", "id_ed25519.pub", "known_hosts");
        }
    }

    @Test
    void thePersonalisationLineGivesTheGuestItsHostKeyAndRootsAuthorizedKeyOnly() throws Exception {
        GuestSshKeys keys = GuestSshKeys.ensure(RunDirectory.exactly(dir.resolve("run")), probe(), 22);
        String line = Personalisation.line(Optional.of(keys));
        assertThat(line).doesNotContain("\n");
        String hostKey = word(line, "hostkey=");
        String authKey = word(line, "authkey=");
        assertThat(Base64.getDecoder().decode(hostKey)).isEqualTo(Files.readAllBytes(keys.hostKey()));
        assertThat(new String(Base64.getDecoder().decode(authKey))).isEqualTo(keys.clientPublic() + "\n");
        assertThat(line).doesNotContain(Base64.getEncoder().encodeToString(Files.readAllBytes(keys.identity())));
        assertThat(Files.readString(keys.knownHosts())).startsWith("127.0.0.1 ssh-ed25519 ");
    }

    private static String word(String line, String prefix) {
        for (String w : line.split(" ")) {
            if (w.startsWith(prefix)) {
                return w.substring(prefix.length());
            }
        }
        throw new AssertionError("no " + prefix + " in " + line);
    }
}
