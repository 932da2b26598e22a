package dev.mzsh.vm;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** QEMU's gdbstub: always on a loopback TCP port, started at launch or later through QMP. */
public final class GdbStub {
    public static final String HOST = "127.0.0.1";

    private GdbStub() {}

    /** QEMU's chardev address of the stub. */
    public static String address(int port) {
        return "tcp:" + HOST + ":" + port;
    }

    /** A loopback port nobody listens on right now (the kernel picks it; QEMU takes it a moment later). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
            return s.getLocalPort();
        }
    }

    /**
     * Starts the stub in a running QEMU (the HMP {@code gdbserver} command; QMP has no own command for it).
     *
     * @throws IOException when QEMU could not listen on the port (taken meanwhile, ...)
     */
    public static void startIn(QmpClient qmp, int port) throws IOException {
        String reply = qmp.humanMonitor("gdbserver " + address(port));
        if (!reply.contains("Waiting for gdb connection")) {
            throw new IOException("QEMU did not start its gdbstub on " + HOST + ":" + port + ": " + reply.strip());
        }
    }
}
