package dev.mzsh.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mzsh.host.HostProbe;
import dev.mzsh.initramfs.ArchiveNode;
import dev.mzsh.initramfs.NetworkParts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
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
        assertThat(Files.getPosixFilePermissions(keys.identity())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(keys.identity())).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
        assertThat(keys.clientPublic()).startsWith("ssh-ed25519 AAAA").endsWith(" mzsh-run");
        assertThat(Files.readString(keys.knownHosts())).matches("\\[127\\.0\\.0\\.1\\]:2222 ssh-ed25519 AAAA\\S+\n");

        GuestSshKeys again = GuestSshKeys.ensure(run, probe, 2222);
        assertThat(again.clientPublic()).isEqualTo(keys.clientPublic());
        assertThat(Files.readString(again.knownHosts())).isEqualTo(Files.readString(keys.knownHosts()));
        assertThat(Files.readAllBytes(again.hostKey())).isEqualTo(Files.readAllBytes(keys.hostKey()));
        try (var s = Files.list(keys.dir())) {
            assertThat(s.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("dropbear_ed25519_host_key", "id_ed25519", "id_ed25519.pub", "known_hosts");
        }
    }

    @Test
    void theGuestGetsTheHostKeyAndRootsAuthorizedKeyPrivately() throws Exception {
        GuestSshKeys keys = GuestSshKeys.ensure(RunDirectory.exactly(dir.resolve("run")), probe(), 22);
        Map<String, ArchiveNode> files = keys.guestFiles().nodes();
        assertThat(files.get(NetworkParts.HOST_KEY).mode()).isEqualTo(0600);
        assertThat(((ArchiveNode.Bytes) files.get(NetworkParts.HOST_KEY)).data()).isEqualTo(Files.readAllBytes(keys.hostKey()));
        assertThat(files.get("root/.ssh").mode()).isEqualTo(0700);
        assertThat(new String(((ArchiveNode.Bytes) files.get("root/.ssh/authorized_keys")).data()))
                .isEqualTo(keys.clientPublic() + "\n");
        assertThat(files.keySet()).noneMatch(n -> n.contains("id_ed25519"));
        assertThat(Files.readString(keys.knownHosts())).startsWith("127.0.0.1 ssh-ed25519 ");
    }
}
