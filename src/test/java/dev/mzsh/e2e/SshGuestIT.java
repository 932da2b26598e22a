package dev.mzsh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Memorizer verbs over --target ssh:// on mzsh's own guest (--ssh-port: dropbear,
 * memorizer-sim): kmaps (dump-kmap, experiment, stream-kmap) streamed over the connection and verified land
 * on the host, the
 * remote's /tmp stays clean, a timeout kills the remote command, run-bats uploads its tests.
 */
class SshGuestIT {
    @TempDir
    Path work;

    @Test
    void memorizerVerbsRunBatsAndTimeoutsOverSsh() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path guestRun = work.resolve("guest-run");
        try (GuestNetworkIT.Booted guest =
                GuestNetworkIT.Booted.start(work, guestRun, "--ssh-port", Integer.toString(port))) {
            guest.awaitSshLines();
            List<String> target = List.of(
                    "--target",
                    "ssh://root@127.0.0.1:" + port,
                    "--identity",
                    guestRun.resolve("ssh/id_ed25519").toString(),
                    "--known-hosts",
                    guestRun.resolve("ssh/known_hosts").toString());
            Path run = work.resolve("ssh-run");

            Mzsh.Result r = mzsh(
                    target,
                    "--run-dir",
                    run.toString(),
                    "-c",
                    "experiment -- ls -l /; dump-kmap; enable 1; stream-kmap start; exec ls -l /etc; status; stream-kmap stop; disable");
            assertThat(r.status()).as(r.stderr()).isZero();
            assertThat(r.out()).contains("bin", "proc");
            assertThat(r.stderr())
                    .contains(
                            "experiment: " + run.resolve("kmap-001.kmap"),
                            "dump-kmap: " + run.resolve("kmap-002.kmap"),
                            "verified (sha256",
                            "target         ssh://root@127.0.0.1:" + port,
                            "memorizer      ");
            assertThat(Files.size(run.resolve("kmap-001.kmap"))).isPositive();
            assertThat(r.stderr()).contains("stream-kmap    kmap-stream-001.kmap", "stream-kmap: stopped after");
            assertThat(Files.size(run.resolve("kmap-stream-001.kmap"))).isPositive();
            assertThat(r.stderr()).contains("objects ");
            assertThat(r.stderr())
                    .as("sites named from the remote's kallsyms, read over the connection")
                    .containsPattern("[A-Za-z_][A-Za-z0-9_.]*\\+0x[0-9a-f]+ \\(ffffffff[0-9a-f]+\\)");
            assertThat(run.resolve("kallsyms-ssh")).isNotEmptyFile();
            try (var files = Files.list(run)) {
                assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".part")))
                        .as("no part file left on the host")
                        .isEmpty();
            }

            Path tests = Files.createDirectories(work.resolve("tests"));
            Files.writeString(
                    tests.resolve("guest.bats"),
                    "@test \"memorizer is there\" {\n" + "  [ -e /sys/kernel/debug/memorizer/kmap ]\n}\n");
            Mzsh.Result b = mzsh(
                    target,
                    "--run-dir",
                    work.resolve("bats-run").toString(),
                    "-c",
                    "run-bats " + tests.resolve("guest.bats"));
            assertThat(b.status()).as(b.stderr()).isZero();
            assertThat(Files.readString(work.resolve("bats-run/bats/junit.xml")))
                    .contains("memorizer is there", "failures=\"0\"");

            // A remote without bats gets the host's bats-core uploaded with the tests.
            Mzsh.Result gone =
                    mzsh(target, "-c", "exec rm -f \"$(command -v bats)\"; exec command -v bats || echo no-bats");
            assertThat(gone.out()).as(gone.stderr()).isEqualTo("no-bats\n");
            Mzsh.Result own = mzsh(
                    target,
                    "--run-dir",
                    work.resolve("own-bats-run").toString(),
                    "-c",
                    "run-bats " + tests.resolve("guest.bats"));
            assertThat(own.status()).as(own.stderr()).isZero();
            assertThat(own.stderr()).contains("has no bats; uploaded the host's bats-core");
            assertThat(Files.readString(work.resolve("own-bats-run/bats/junit.xml")))
                    .contains("memorizer is there", "failures=\"0\"");

            Mzsh.Result t = mzsh(target, "-c", "exec --timeout 3 sleep 4242");
            assertThat(t.status()).isEqualTo(1);
            assertThat(t.stderr()).contains("timed out after 3 s");
            // what mzsh left on the remote: no sleep, nothing in /tmp (kmaps never touch it, temp dirs are removed)
            Mzsh.Result left = mzsh(target, "-c", "exec ps; exec echo tmp:; exec ls -A /tmp");
            assertThat(left.status()).as(left.stderr()).isZero();
            assertThat(left.out()).doesNotContain("sleep 4242");
            assertThat(left.out().substring(left.out().indexOf("tmp:\n") + 5)).isEmpty();
        }
    }

    private Mzsh.Result mzsh(List<String> target, String... args) throws Exception {
        List<String> a = new ArrayList<>(target);
        a.addAll(List.of(args));
        return Mzsh.run(work, a.toArray(String[]::new));
    }
}
