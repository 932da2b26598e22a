package dev.mzsh.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentChannelTest {
    @TempDir
    Path dir;

    @Test
    void aRequestWrittenWhileTheCallerIsInterruptedKeepsTheChannelOpen() throws Exception {
        Path sock = dir.resolve("agent.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            try (AgentChannel channel = AgentChannel.connect(sock, Duration.ofSeconds(30));
                    SocketChannel agent = server.accept()) {
                // a Ctrl-C (an interrupt) landing as exec asks the agent to start its command
                Thread.currentThread().interrupt();
                channel.start(7);
                assertThat(Thread.interrupted())
                        .as("the cancel is still pending for the caller")
                        .isTrue();
                assertThat(channel.isOpen()).isTrue();
                ByteBuffer b = ByteBuffer.allocate(16);
                while (b.position() < 4) {
                    agent.read(b);
                }
                assertThat(new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII))
                        .isEqualTo("X 7\n");
                channel.kill(42); // and the channel still takes requests
                b.clear();
                while (b.position() < 5) {
                    agent.read(b);
                }
                assertThat(new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII))
                        .isEqualTo("K 42\n");
            }
        }
    }
}
