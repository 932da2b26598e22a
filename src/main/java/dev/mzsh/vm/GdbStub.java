package dev.mzsh.vm;

import java.io.IOException;
import java.nio.file.Path;

/**
 * QEMU's gdbstub: always on a unix socket in mzsh's private socket directory
 * (mode 0700), started at launch or later through QMP. Nothing listens on TCP.
 */
public final class GdbStub {
    /** The socket's name in the socket directory. */
    public static final String SOCKET_NAME = "gdb.sock";

    private GdbStub() {}

    /** QEMU's chardev address of the stub. */
    public static String address(Path socket) {
        return "unix:" + socket + ",server=on,wait=off";
    }

    /**
     * Starts the stub in a running QEMU (the HMP {@code gdbserver} command; QMP has no own command for it).
     *
     * @throws IOException when QEMU could not listen on the socket
     */
    public static void startIn(QmpClient qmp, Path socket) throws IOException {
        String reply = qmp.humanMonitor("gdbserver " + address(socket));
        if (!reply.contains("Waiting for gdb connection")) {
            throw new IOException("QEMU did not start its gdbstub on " + socket + ": " + reply.strip());
        }
    }
}
