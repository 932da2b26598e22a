package dev.mzsh.session;

import dev.mzsh.host.HostMissingException;
import dev.mzsh.vm.UserNetwork;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

/** The host end of --ssh-port: 127.0.0.1:PORT, forwarded by QEMU to the guest's dropbear. */
public record SshForward(int port) {
    private static final String BANNER = "SSH-2.0-";

    /**
     * Refuses a port something already listens on (or this user may not bind), before QEMU
     * starts: QEMU would otherwise exit on it with its own message.
     */
    public void checkFree() {
        try (ServerSocket s = new ServerSocket()) {
            // As QEMU binds its forward: a listener refuses the bind, an old connection's TIME_WAIT does not.
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(UserNetwork.LOOPBACK, port));
        } catch (IOException e) {
            throw new HostMissingException(
                    "a free " + UserNetwork.LOOPBACK + ":" + port + " for --ssh-port (" + e.getMessage()
                            + "); give another port, or stop what listens there (ss -lntp shows it)",
                    List.of());
        }
    }

    /**
     * Waits until the guest's SSH server answers through the forward with an SSH banner
     * (QEMU accepts the connection itself and closes it while nothing listens in the guest).
     * Only the banner's prefix is looked at: the rest is the guest's text.
     *
     * @return whether it answered before {@code deadlineNanos} while {@code alive} held
     */
    public boolean awaitServer(long deadlineNanos, BooleanSupplier alive) throws InterruptedException {
        while (System.nanoTime() < deadlineNanos && alive.getAsBoolean()) {
            if (answers()) {
                return true;
            }
            Thread.sleep(250);
        }
        return false;
    }

    private boolean answers() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(UserNetwork.LOOPBACK, port), 5000);
            s.setSoTimeout(10000);
            InputStream in = s.getInputStream();
            byte[] head = in.readNBytes(BANNER.length());
            return new String(head, StandardCharsets.US_ASCII).equals(BANNER);
        } catch (IOException e) {
            return false;
        }
    }

    /** The lines that tell the user how to log in: mzsh's own SSH target, then OpenSSH's client. */
    public List<String> usage(GuestSshKeys keys, Path launcher) {
        return List.of(
                launcher + " --target ssh://root@" + UserNetwork.LOOPBACK + ":" + port + " --identity "
                        + keys.identity() + " --known-hosts " + keys.knownHosts(),
                "ssh -i " + keys.identity() + " -p " + port + " -o UserKnownHostsFile=" + keys.knownHosts() + " root@"
                        + UserNetwork.LOOPBACK);
    }
}
