package dev.mzsh.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mzsh.host.GuestKernel;
import dev.mzsh.vm.Accelerator;
import dev.mzsh.vm.UserNetwork;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The boot's plan, decided without QEMU: memory, sim, network, gdb and snapshot use from the options. */
class LaunchPlanTest {
    private static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
    private static final Path SOCKETS = Path.of("/run/sock-1");
    private static final Path SHARE = Path.of("/runs/r1/guest");
    private static final GuestKernel STOCK =
            new GuestKernel(Path.of("/boot/vmlinuz-6.1"), "6.1.0-57-amd64", Path.of("/lib/modules/6.1"), true);
    private static final GuestKernel OWN =
            new GuestKernel(Path.of("/build/bzImage"), "6.1.0-memorizer", Path.of("/build/mods"), false);

    private static GuestOptions options(String sim, Optional<UserNetwork> net, GuestOptions.SnapshotUse use) {
        return new GuestOptions(
                Optional.empty(),
                Optional.empty(),
                "x=1",
                Optional.empty(),
                2,
                sim,
                Duration.ofSeconds(30),
                List.of(),
                Optional.empty(),
                net,
                use,
                true);
    }

    private static LaunchPlan plan(GuestOptions o, GuestKernel k, boolean halted) {
        return plan(o, k, k.image(), halted);
    }

    private static LaunchPlan plan(GuestOptions o, GuestKernel k, Path bootImage, boolean halted) {
        return LaunchPlan.of(
                o,
                k,
                bootImage,
                QEMU,
                SETPRIV,
                Path.of("/runs/r1/initrd.img"),
                Accelerator.TCG,
                SOCKETS,
                SHARE,
                "mapped-xattr",
                halted);
    }

    @Test
    void qemuLoadsTheBootImageAndTheKernelStillDecidesTheRest() {
        Path elf = Path.of("/cache/vmlinux/vmlinux-0123.elf");
        LaunchPlan p = plan(options("v26", Optional.empty(), GuestOptions.SnapshotUse.AUTO), STOCK, elf, false);
        int k = p.qemuArgs().indexOf("-kernel");
        assertThat(p.qemuArgs().get(k + 1)).isEqualTo(elf.toString());
        assertThat(p.qemuArgs()).doesNotContain(STOCK.image().toString());
        assertThat(p.settings().append()).contains("mzsh.sim=v26");
        assertThat(p.memMiB()).isEqualTo(1024);
    }

    @Test
    void theStockKernelGetsTheSimAndOneGigabyte() {
        LaunchPlan p = plan(options("v26", Optional.empty(), GuestOptions.SnapshotUse.AUTO), STOCK, false);
        assertThat(p.memMiB()).isEqualTo(1024);
        assertThat(p.settings().append()).contains("mzsh.sim=v26").endsWith("x=1");
        assertThat(p.qemuArgs()).contains("1024M").doesNotContain("-S", "-gdb", "-netdev");
        assertThat(p.qemuArgs().get(0)).isEqualTo(QEMU.toString());
        assertThat(p.snapshots()).isEqualTo(GuestOptions.SnapshotUse.AUTO);
        assertThat(p.setpriv()).isEqualTo(SETPRIV);
    }

    @Test
    void anOwnKernelGetsNoSimAndEightGigabytes() {
        LaunchPlan p = plan(options("newest", Optional.empty(), GuestOptions.SnapshotUse.COLD), OWN, false);
        assertThat(p.memMiB()).isEqualTo(8192);
        assertThat(p.settings().append()).contains("mzsh.sim=off");
        assertThat(p.snapshots()).isEqualTo(GuestOptions.SnapshotUse.COLD);
    }

    @Test
    void aHaltedBootListensForGdbAndNeverUsesSnapshots() {
        LaunchPlan p = plan(options("newest", Optional.empty(), GuestOptions.SnapshotUse.AUTO), STOCK, true);
        assertThat(p.qemuArgs()).contains("-S", "-gdb");
        assertThat(p.settings().gdbSocket()).contains(SOCKETS.resolve("gdb.sock"));
        assertThat(p.snapshots()).isEqualTo(GuestOptions.SnapshotUse.OFF);
    }

    @Test
    void aNetworkAddsTheCardAndTellsInit() {
        Optional<UserNetwork> net = GuestOptions.userNetwork(true, Optional.of(2222));
        LaunchPlan p = plan(options("newest", net, GuestOptions.SnapshotUse.OFF), STOCK, false);
        assertThat(p.settings().append()).contains("mzsh.net=user");
        assertThat(String.join(" ", p.qemuArgs())).contains("-netdev", "hostfwd=tcp:127.0.0.1:2222-:22");
        assertThat(p.snapshots()).isEqualTo(GuestOptions.SnapshotUse.OFF);
    }
}
