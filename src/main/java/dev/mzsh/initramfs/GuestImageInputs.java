package dev.mzsh.initramfs;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Everything a guest initramfs is made of.
 *
 * @param busybox      a static BusyBox binary
 * @param bash         a static bash binary (BATS needs bash)
 * @param batsTrees    host directories copied as they are (BATS core and helper libraries), host path = guest path
 * @param batsLauncher the {@code bats} script
 * @param release      the kernel release the modules belong to
 * @param modulesDir   /lib/modules/RELEASE on the host (may not exist)
 * @param modules      module names the guest needs (resolved with their dependencies)
 * @param simModule    the memorizer-sim module, if built
 * @param copyTool     the static mzsh-copy helper (kmap transfer at share speed), if built
 * @param guestRoot    the repo's initramfs-root/ (init, agent)
 * @param batsTests    the repo's bats-tests/
 * @param extraDirs    host directories the user asked for, copied under /mnt/host/NAME
 * @param network      the network driver and SSH server (--net, --ssh-port), or empty: no network parts
 */
public record GuestImageInputs(
        Path busybox,
        Path bash,
        List<Path> batsTrees,
        Path batsLauncher,
        String release,
        Path modulesDir,
        List<String> modules,
        Optional<Path> simModule,
        Optional<Path> copyTool,
        Path guestRoot,
        Path batsTests,
        List<Path> extraDirs,
        Optional<NetworkParts> network) {

    /**
     * Modules the default guest needs: control channel, run-directory share, panic signal, and
     * fw_cfg, through which the kernel hands QEMU's vmcoreinfo device its layout (crash dumps).
     */
    public static final List<String> GUEST_MODULES =
            List.of("virtio_pci", "virtio_console", "9pnet_virtio", "9p", "pvpanic_mmio", "qemu_fw_cfg");
}
