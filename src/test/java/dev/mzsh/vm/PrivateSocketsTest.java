package dev.mzsh.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateSocketsTest {
    /** The longest run directory that still holds its sockets, the shortest that does not. */
    @Test
    void everyNameUpToTheLongestBindsWhateverTheRunDirectorysLength(@TempDir Path tmp) throws Exception {
        String name = "s".repeat(PrivateSockets.LONGEST_NAME);
        for (int extra = 0; extra < 60; extra++) {
            Path run = Files.createDirectories(tmp.resolve("r".repeat(extra + 1)));
            // the directory's random part has 20 digits about half the time: several tries per length
            for (int attempt = 0; attempt < 8; attempt++) {
                Path dir = PrivateSockets.create(run);
                try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                    server.bind(UnixDomainSocketAddress.of(dir.resolve(name)));
                }
                Files.deleteIfExists(dir.resolve(name));
                Files.delete(dir);
            }
        }
    }

    @Test
    void aShortRunDirectoryKeepsItsSocketsInside(@TempDir Path tmp) throws Exception {
        Path dir = PrivateSockets.create(tmp);
        assertThat(dir.getParent()).isEqualTo(tmp.toAbsolutePath());
        assertThat(GdbStub.SOCKET_NAME.length()).isLessThanOrEqualTo(PrivateSockets.LONGEST_NAME);
    }
}
