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
        GuestImageBuilder.Result ra = new GuestImageBuilder(new ArchiveCache(dir.resolve("c1")), Compression.GZIP).build(in, a);
        GuestImageBuilder.Result rb = new GuestImageBuilder(new ArchiveCache(dir.resolve("c2")), Compression.GZIP).build(in, b);
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
        GuestImageBuilder.Result r = new GuestImageBuilder(new ArchiveCache(dir.resolve("c"), notices::add),
                Compression.GZIP).build(in, a);
        assertThat(Files.getAttribute(a, "unix:nlink")).as("not a link to the cache").isEqualTo(1);
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
        GuestImageBuilder.Result again = new GuestImageBuilder(new ArchiveCache(dir.resolve("c"), notices::add),
                Compression.GZIP).build(in, b);
        assertThat(again.fullyCached()).isFalse();
        assertThat(Files.readAllBytes(b)).as("rebuilt, never the damaged image").isEqualTo(good);
        assertThat(notices).hasSize(3).allSatisfy(n -> assertThat(n).startsWith("mzsh: cached initramfs ")
                .contains("differs from when it was built").endsWith("; rebuilding it"));
        assertThat(r.image()).isEqualTo(a);
    }

    @Test
    void theImageHoldsInitAgentBusyboxAppletsBashAndBats(@TempDir Path dir) throws Exception {
        GuestImageInputs in = inputs(dir);
        Path img = dir.resolve("a.img");
        GuestImageBuilder.Result r = new GuestImageBuilder(new ArchiveCache(dir.resolve("c")), Compression.GZIP).build(in, img);
        List<String> names = new ArrayList<>();
        long layerBytes = 0;
        for (ArchiveCache.Layer layer : r.layers()) {
            names.addAll(names(layer.path()));
            layerBytes += Files.size(layer.path());
        }
        assertThat(Files.size(img)).as("the image is its layers concatenated").isEqualTo(layerBytes);
        assertThat(names).contains("init", "sbin/mzsh-agent", "bin/busybox", "bin/sh", "usr/bin/setsid", "bin/bash",
                "usr/bin/bats", "usr/lib/bats/bats-assert/load.bash", "dev/console", "etc/mzsh/modules.load",
                "usr/share/mzsh/bats-tests/sample.bats");
    }

    private static GuestImageInputs inputs(Path dir) throws Exception {
        assumeTrue(Files.isExecutable(BUSYBOX) && Files.isExecutable(BASH) && Files.isDirectory(Path.of("/usr/lib/bats")),
                "busybox-static, bash-static and bats are installed (./mzsh setup)");
        Path repo = Path.of(System.getProperty("user.dir"));
        Path tests = Files.createDirectories(dir.resolve("bats-tests"));
        Files.writeString(tests.resolve("sample.bats"), "@test 'x' { true; }\n");
        return new GuestImageInputs(BUSYBOX, BASH,
                List.of(Path.of("/usr/lib/bats-core"), Path.of("/usr/libexec/bats-core"), Path.of("/usr/lib/bats")),
                Path.of("/usr/bin/bats"), "0.0-test", dir.resolve("no-modules"), GuestImageInputs.GUEST_MODULES,
                Optional.empty(), Optional.empty(), repo.resolve("initramfs-root"), tests, List.of(), Optional.empty());
    }

    private static List<String> names(Path layer) throws Exception {
        List<String> names = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(layer);
             CpioArchiveInputStream cpio = new CpioArchiveInputStream(new GZIPInputStream(raw))) {
            for (CpioArchiveEntry e; (e = cpio.getNextCPIOEntry()) != null; ) {
                names.add(e.getName());
            }
        }
        return names;
    }
}
