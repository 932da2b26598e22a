package dev.mzsh.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mzsh.host.HostMissingException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SshForwardTest {
    @Test
    void aPortSomethingListensOnIsRefusedWithTheFix() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> new SshForward(taken.getLocalPort()).checkFree())
                    .isInstanceOf(HostMissingException.class)
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("give another port");
        }
    }

    @Test
    void aFreePortPasses() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        new SshForward(port).checkFree();
    }

    @Test
    void theServerCountsAsUpOnlyWithAnSshBanner() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> serve = CompletableFuture.runAsync(() -> {
                try (Socket s = server.accept();
                        OutputStream o = s.getOutputStream()) {
                    o.write("HTTP/1.0 200\r\n"
                            .getBytes(StandardCharsets.US_ASCII)); // not SSH: QEMU's empty accept alike
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
                try (Socket s = server.accept();
                        OutputStream o = s.getOutputStream()) {
                    o.write("SSH-2.0-dropbear_2022.83\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            assertThat(new SshForward(server.getLocalPort()).awaitServer(Long.MAX_VALUE, () -> true))
                    .isTrue();
            serve.join();
        }
    }

    @Test
    void aDeadGuestEndsTheWait() throws Exception {
        assertThat(new SshForward(1).awaitServer(Long.MAX_VALUE, () -> false)).isFalse();
    }

    @Test
    void theUsageLinesNameTheKeyAndKnownHosts() {
        GuestSshKeys keys = new GuestSshKeys(
                Path.of("/r/ssh"),
                Path.of("/r/ssh/id_ed25519"),
                Path.of("/r/ssh/known_hosts"),
                Path.of("/r/ssh/dropbear_ed25519_host_key"),
                "ssh-ed25519 AAAA");
        assertThat(new SshForward(2222).usage(keys, Path.of("./mzsh")))
                .containsExactly(
                        "./mzsh --target ssh://root@127.0.0.1:2222 --identity /r/ssh/id_ed25519 --known-hosts /r/ssh/known_hosts",
                        "ssh -i /r/ssh/id_ed25519 -p 2222 -o UserKnownHostsFile=/r/ssh/known_hosts root@127.0.0.1");
    }
}
