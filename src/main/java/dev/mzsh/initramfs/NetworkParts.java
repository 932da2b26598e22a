package dev.mzsh.initramfs;

import dev.mzsh.guest.GuestContract;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the guest needs on top of the usual image for {@code --net} and {@code --ssh-port}:
 * its network driver and, for SSH, a server with the libraries it links against.
 *
 * @param modules    network driver modules (resolved with their dependencies through modules.dep)
 * @param sshServer  Debian's dropbear (dynamically linked), or empty without --ssh-port
 * @param sftpServer OpenSSH's sftp-server, which dropbear runs for SFTP, or empty when the host has none
 */
public record NetworkParts(List<String> modules, Optional<Path> sshServer, Optional<Path> sftpServer) {
    /** virtio-net is QEMU's card (vm.UserNetwork); on Debian's kernel a module. */
    public static final List<String> MODULES = List.of("virtio_net");
    /** Where the guest init looks for the SSH server (initramfs-root/init). */
    public static final String SSH_SERVER = "usr/sbin/dropbear";
    /** The path dropbear's Debian build runs for the sftp subsystem. */
    public static final String SFTP_SERVER = "usr/lib/sftp-server";

    public static final String MODULES_LOAD = GuestContract.MODULES_NET_LOAD.substring(1);
}
