package dev.mzsh.initramfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds from the host's real BusyBox, bash and BATS (installed by setup). */
class GuestImageBuilderTest {
    private static final Path BUSYBOX = Path.of("/bin/busybox");
    private static final Path BASH = Path.of("/bin/bash-static");

    @Test
    void twoBuildsFromTheSameInputsAreByteIdentical(@TempDir Path dir) throws Exception {
        GuestImageInputs in = inputs(dir);
        Path a = dir.resolve("a.img");
        Path b = dir.resolve("b.img");
        GuestImageBuilder.Result ra =
                new GuestImageBuilder(new ArchiveCache(dir.resolve("c1")), Compression.GZIP).build(in, a);
        GuestImageBuilder.Result rb =
                new GuestImageBuilder(new ArchiveCache(dir.resolve("c2")), Compression.GZIP).build(in, b);
        assertThat(ra.fullyCached()).isFalse();
        assertThat(rb.fullyCached()).isFalse();
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));

        GuestImageBuilder.Result again = new GuestImageBuilder(new ArchiveCache(dir.resolve("c1")), Compression.GZIP)
                .build(in, dir.resolve("c.img"));
        assertThat(again.fullyCached()).isTrue();
    }

    @Test
    void theRunsImageIsAReadOnlyCopyAndADamagedCacheFileIsRebuiltWithANotice(@TempDir Path dir) throws Exception {
        GuestImageInputs in = inputs(dir);
        List<String> notices = new ArrayList<>();
        Path a = dir.resolve("run1/initrd.img");
        GuestImageBuilder.Result r =
                new GuestImageBuilder(new ArchiveCache(dir.resolve("c"), notices::add), Compression.GZIP).build(in, a);
        assertThat(Files.getAttribute(a, "unix:nlink"))
                .as("not a link to the cache")
                .isEqualTo(1);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(a)))
                .isEqualTo("r--r--r--");
        byte[] good = Files.readAllBytes(a);

        // One byte written into every cached file (what a guest did through a hard-linked initrd.img).
        try (var s = Files.list(dir.resolve("c"))) {
            for (Path f : s.filter(f -> f.toString().endsWith(".gz")).toList()) {
                Files.write(f, new byte[] {'x'}, java.nio.file.StandardOpenOption.APPEND);
            }
        }
        Path b = dir.resolve("run2/initrd.img");
        GuestImageBuilder.Result again =
                new GuestImageBuilder(new ArchiveCache(dir.resolve("c"), notices::add), Compression.GZIP).build(in, b);
        assertThat(again.fullyCached()).isFalse();
        assertThat(Files.readAllBytes(b)).as("rebuilt, never the damaged image").isEqualTo(good);
        assertThat(notices)
                .hasSize(3)
                .allSatisfy(n -> assertThat(n)
                        .startsWith("mzsh: cached initramfs ")
                        .contains("differs from when it was built")
                        .endsWith("; rebuilding it"));
        assertThat(r.image()).isEqualTo(a);
    }

    @Test
    void theImageHoldsInitAgentBusyboxAppletsBashAndBats(@TempDir Path dir) throws Exception {
        GuestImageInputs in = inputs(dir);
        Path img = dir.resolve("a.img");
        GuestImageBuilder.Result r =
                new GuestImageBuilder(new ArchiveCache(dir.resolve("c")), Compression.GZIP).build(in, img);
        List<String> names = new ArrayList<>();
        long layerBytes = 0;
        for (ArchiveCache.Layer layer : r.layers()) {
            names.addAll(names(layer.path()));
            layerBytes += Files.size(layer.path());
        }
        assertThat(Files.size(img)).as("the image is its layers concatenated").isEqualTo(layerBytes);
        assertThat(names)
                .contains(
                        "init",
                        "sbin/mzsh-agent",
                        "bin/busybox",
                        "bin/sh",
                        "usr/bin/setsid",
                        "bin/bash",
                        "usr/bin/bats",
                        "usr/lib/bats/bats-assert/load.bash",
                        "dev/console",
                        "etc/mzsh/modules.load",
                        "usr/share/mzsh/bats-tests/sample.bats");
    }

    private static final Path DROPBEAR = Path.of("/usr/sbin/dropbear");

    /** A modules tree where virtio_net shares its virtio core with the base layer's virtio_pci. */
    private static Path modulesTree(Path dir) throws Exception {
        Path m = Files.createDirectories(dir.resolve("modules"));
        Files.writeString(
                m.resolve("modules.dep"),
                String.join(
                        "\n",
                        "kernel/drivers/virtio/virtio.ko:",
                        "kernel/drivers/virtio/virtio_pci.ko: kernel/drivers/virtio/virtio.ko",
                        "kernel/net/core/failover.ko:",
                        "kernel/drivers/net/net_failover.ko: kernel/net/core/failover.ko",
                        "kernel/drivers/net/virtio_net.ko: kernel/drivers/net/net_failover.ko kernel/net/core/failover.ko "
                                + "kernel/drivers/virtio/virtio.ko",
                        ""));
        for (String ko : List.of(
                "drivers/virtio/virtio",
                "drivers/virtio/virtio_pci",
                "net/core/failover",
                "drivers/net/net_failover",
                "drivers/net/virtio_net")) {
            Path f = m.resolve("kernel/" + ko + ".ko");
            Files.createDirectories(f.getParent());
            Files.writeString(f, ko);
        }
        return m;
    }

    private static GuestImageInputs withNetwork(GuestImageInputs in, Path modules, Optional<NetworkParts> net) {
        return new GuestImageInputs(
                in.busybox(),
                in.bash(),
                in.batsTrees(),
                in.batsLauncher(),
                in.release(),
                modules,
                List.of("virtio_pci"),
                in.simModule(),
                in.copyTool(),
                in.guestRoot(),
                in.batsTests(),
                in.extraDirs(),
                net);
    }

    @Test
    void theNetworkLayerHoldsTheDriverAndDropbearWithItsLibrariesButNoKeys(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(DROPBEAR), "dropbear-bin is installed (./mzsh setup)");
        Path modules = modulesTree(dir);
        GuestImageInputs in = withNetwork(
                inputs(dir),
                modules,
                Optional.of(new NetworkParts(NetworkParts.MODULES, Optional.of(DROPBEAR), Optional.empty())));
        GuestImageBuilder.Result r = new GuestImageBuilder(new ArchiveCache(dir.resolve("c")), Compression.GZIP)
                .build(in, dir.resolve("a.img"));
        assertThat(r.layers()).hasSize(3);
        Path netLayer = r.layers().get(2).path();
        assertThat(netLayer.getFileName().toString()).startsWith("net-");
        List<String> names = names(netLayer);
        String mods = "lib/modules/0.0-test/kernel/";
        assertThat(names)
                .contains(
                        mods + "drivers/net/virtio_net.ko",
                        mods + "drivers/net/net_failover.ko",
                        mods + "net/core/failover.ko",
                        "etc/mzsh/modules-net.load",
                        "usr/sbin/dropbear",
                        "etc/shells",
                        "lib/x86_64-linux-gnu/libtomcrypt.so.1",
                        "lib/x86_64-linux-gnu/libtommath.so.1",
                        "lib/x86_64-linux-gnu/libz.so.1",
                        "lib/x86_64-linux-gnu/libcrypt.so.1",
                        "lib/x86_64-linux-gnu/libgmp.so.10",
                        "lib/x86_64-linux-gnu/libc.so.6",
                        "lib64/ld-linux-x86-64.so.2");
        assertThat(names).as("the base layer loads virtio already").doesNotContain(mods + "drivers/virtio/virtio.ko");
        assertThat(names).noneMatch(n -> n.startsWith("etc/dropbear/dropbear_") || n.contains("authorized_keys"));
        assertThat(text(netLayer, "etc/mzsh/modules-net.load"))
                .isEqualTo("kernel/net/core/failover.ko\nkernel/drivers/net/net_failover.ko\n"
                        + "kernel/drivers/net/virtio_net.ko\n");
        assertThat(names(r.layers().get(0).path()))
                .doesNotContain("usr/sbin/dropbear", mods + "drivers/net/virtio_net.ko");

        GuestImageBuilder.Result again = new GuestImageBuilder(new ArchiveCache(dir.resolve("c")), Compression.GZIP)
                .build(in, dir.resolve("b.img"));
        assertThat(again.fullyCached()).isTrue();
        GuestImageBuilder.Result plain = new GuestImageBuilder(new ArchiveCache(dir.resolve("c")), Compression.GZIP)
                .build(withNetwork(in, modules, Optional.empty()), dir.resolve("p.img"));
        assertThat(plain.layers()).hasSize(2);
        assertThat(Files.readAllBytes(dir.resolve("p.img"))).isNotEqualTo(Files.readAllBytes(dir.resolve("a.img")));
    }

    @Test
    void aRunsOwnFilesGoOnlyIntoItsCopyNeverIntoTheCache(@TempDir Path dir) throws Exception {
        GuestImageInputs in = inputs(dir);
        ArchiveLayout keys =
                new ArchiveLayout().bytes("root/.ssh/authorized_keys", "ssh-ed25519 AAAA k\n".getBytes(), 0600);
        Path out = dir.resolve("run/initrd.img");
        GuestImageBuilder.Result r = new GuestImageBuilder(new ArchiveCache(dir.resolve("c")), Compression.GZIP)
                .build(in, out, Optional.of(keys));
        long cached = 0;
        for (ArchiveCache.Layer layer : r.layers()) {
            cached += Files.size(layer.path());
        }
        byte[] image = Files.readAllBytes(out);
        assertThat((long) image.length).isGreaterThan(cached);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(out)))
                .as("it holds the guest's private host key")
                .isEqualTo("r--------");
        Path tail =
                Files.write(dir.resolve("tail.gz"), java.util.Arrays.copyOfRange(image, (int) cached, image.length));
        assertThat(names(tail)).containsExactly("root", "root/.ssh", "root/.ssh/authorized_keys");
        assertThat(text(tail, "root/.ssh/authorized_keys")).isEqualTo("ssh-ed25519 AAAA k\n");
        try (var files = Files.list(dir.resolve("c"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".gz")).toList()) {
                assertThat(names(f)).doesNotContain("root/.ssh/authorized_keys");
            }
        }
        // The next run without keys boots the cached image unchanged.
        Path plain = dir.resolve("run2/initrd.img");
        new GuestImageBuilder(new ArchiveCache(dir.resolve("c")), Compression.GZIP).build(in, plain);
        assertThat(Files.size(plain)).isEqualTo(cached);
    }

    @Test
    void moduleLevelsDropWhatAnEarlierLayerLoads() {
        assertThat(GuestImageBuilder.withoutLoaded(
                        List.of(List.of("a.ko", "b.ko"), List.of("c.ko")), List.of("a.ko", "c.ko")))
                .isEqualTo(List.of(List.of("b.ko")));
    }

    private static String text(Path layer, String name) throws Exception {
        try (InputStream raw = Files.newInputStream(layer);
                CpioArchiveInputStream cpio = new CpioArchiveInputStream(new GZIPInputStream(raw))) {
            for (CpioArchiveEntry e; (e = cpio.getNextEntry()) != null; ) {
                if (e.getName().equals(name)) {
                    return new String(cpio.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                }
            }
        }
        throw new AssertionError(name + " not in " + layer);
    }

    static GuestImageInputs inputs(Path dir) throws Exception {
        assumeTrue(
                Files.isExecutable(BUSYBOX) && Files.isExecutable(BASH) && Files.isDirectory(Path.of("/usr/lib/bats")),
                "busybox-static, bash-static and bats are installed (./mzsh setup)");
        Path repo = Path.of(System.getProperty("user.dir"));
        Path tests = Files.createDirectories(dir.resolve("bats-tests"));
        Files.writeString(tests.resolve("sample.bats"), "@test 'x' { true; }\n");
        return new GuestImageInputs(
                BUSYBOX,
                BASH,
                List.of(Path.of("/usr/lib/bats-core"), Path.of("/usr/libexec/bats-core"), Path.of("/usr/lib/bats")),
                Path.of("/usr/bin/bats"),
                "0.0-test",
                dir.resolve("no-modules"),
                GuestImageInputs.GUEST_MODULES,
                Optional.empty(),
                Optional.empty(),
                repo.resolve("initramfs-root"),
                tests,
                List.of(),
                Optional.empty());
    }

    private static List<String> names(Path layer) throws Exception {
        List<String> names = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(layer);
                CpioArchiveInputStream cpio = new CpioArchiveInputStream(new GZIPInputStream(raw))) {
            for (CpioArchiveEntry e; (e = cpio.getNextEntry()) != null; ) {
                names.add(e.getName());
            }
        }
        return names;
    }
}
