package dev.mzsh.vm;

import java.util.List;
import java.util.Optional;

/**
 * QEMU's user-mode network (slirp) for the guest: one virtio-net card, the guest at
 * 10.0.2.15 behind the gateway 10.0.2.2.
 *
 * @param restricted QEMU's {@code restrict=on}: the guest reaches neither the host nor the
 *                   outside; only the forwards below carry traffic
 * @param sshPort    host port forwarded to the guest's port 22, bound on 127.0.0.1 only
 */
public record UserNetwork(boolean restricted, Optional<Integer> sshPort) {
    public static final String GUEST_ADDRESS = "10.0.2.15";
    public static final String LOOPBACK = "127.0.0.1";
    public static final int GUEST_SSH_PORT = 22;

    public UserNetwork {
        sshPort.ifPresent(p -> {
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("port " + p + " is not between 1 and 65535");
            }
        });
    }

    /** The -netdev and -device arguments; a forward never binds beyond loopback. */
    List<String> qemuArgs() {
        StringBuilder netdev = new StringBuilder("user,id=net0");
        if (restricted) {
            netdev.append(",restrict=on");
        }
        sshPort.ifPresent(p -> netdev.append(",hostfwd=tcp:")
                .append(LOOPBACK)
                .append(':')
                .append(p)
                .append("-:")
                .append(GUEST_SSH_PORT));
        return List.of("-netdev", netdev.toString(), "-device", "virtio-net-pci,netdev=net0");
    }
}
