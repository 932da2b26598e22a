package dev.mzsh.initramfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleResolverTest {
    @Test
    void dependenciesComeFirstAndBuiltinsAreSkipped(@TempDir Path dir) throws Exception {
        Files.writeString(
                dir.resolve("modules.dep"),
                String.join(
                        "\n",
                        "kernel/fs/9p/9p.ko: kernel/net/9p/9pnet.ko kernel/fs/netfs/netfs.ko",
                        "kernel/net/9p/9pnet.ko:",
                        "kernel/fs/netfs/netfs.ko:",
                        "kernel/net/9p/9pnet_virtio.ko: kernel/net/9p/9pnet.ko kernel/drivers/virtio/virtio_ring.ko",
                        "kernel/drivers/virtio/virtio_ring.ko:",
                        "kernel/drivers/misc/pvpanic/pvpanic-mmio.ko: kernel/drivers/misc/pvpanic/pvpanic.ko",
                        "kernel/drivers/misc/pvpanic/pvpanic.ko:",
                        ""));
        Files.writeString(dir.resolve("modules.builtin"), "kernel/drivers/virtio/virtio_pci.ko\n");

        ModuleResolver.Resolution r =
                ModuleResolver.load(dir).resolve(List.of("virtio_pci", "9pnet_virtio", "9p", "pvpanic_mmio", "nosuch"));

        List<String> order = r.loadOrder();
        assertThat(order)
                .containsExactlyInAnyOrder(
                        "kernel/net/9p/9pnet.ko",
                        "kernel/drivers/virtio/virtio_ring.ko",
                        "kernel/net/9p/9pnet_virtio.ko",
                        "kernel/fs/netfs/netfs.ko",
                        "kernel/fs/9p/9p.ko",
                        "kernel/drivers/misc/pvpanic/pvpanic.ko",
                        "kernel/drivers/misc/pvpanic/pvpanic-mmio.ko");
        assertThat(order.indexOf("kernel/net/9p/9pnet.ko")).isLessThan(order.indexOf("kernel/net/9p/9pnet_virtio.ko"));
        assertThat(order.indexOf("kernel/drivers/virtio/virtio_ring.ko"))
                .isLessThan(order.indexOf("kernel/net/9p/9pnet_virtio.ko"));
        assertThat(order.indexOf("kernel/fs/netfs/netfs.ko")).isLessThan(order.indexOf("kernel/fs/9p/9p.ko"));
        assertThat(r.levels())
                .containsExactly(
                        List.of(
                                "kernel/net/9p/9pnet.ko",
                                "kernel/drivers/virtio/virtio_ring.ko",
                                "kernel/fs/netfs/netfs.ko",
                                "kernel/drivers/misc/pvpanic/pvpanic.ko"),
                        List.of(
                                "kernel/net/9p/9pnet_virtio.ko",
                                "kernel/fs/9p/9p.ko",
                                "kernel/drivers/misc/pvpanic/pvpanic-mmio.ko"));
        assertThat(r.builtin()).containsExactly("virtio_pci");
        assertThat(r.unknown()).containsExactly("nosuch");
    }

    @Test
    void aKernelWithoutModulesTreeKnowsNothing(@TempDir Path dir) throws Exception {
        ModuleResolver.Resolution r = ModuleResolver.load(dir.resolve("absent")).resolve(List.of("9p"));
        assertThat(r.loadOrder()).isEmpty();
        assertThat(r.unknown()).containsExactly("9p");
    }
}
