package dev.mzsh.vm;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;

/** Connecting to the unix sockets QEMU creates (agent channel, QMP) a moment after it starts. */
public final class UnixSockets {
    private UnixSockets() {}

    /** Connects to {@code path}, retrying while QEMU has not created it yet. */
    public static SocketChannel connect(Path path, Duration timeout, String what)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ch.connect(UnixDomainSocketAddress.of(path));
                return ch;
            } catch (IOException e) {
                ch.close();
                if (System.nanoTime() > deadline) {
                    throw new IOException("cannot connect to " + what + " at " + path + ": " + e.getMessage());
                }
                Thread.sleep(5);
            }
        }
    }
}
