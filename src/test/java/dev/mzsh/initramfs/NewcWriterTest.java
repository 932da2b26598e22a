package dev.mzsh.initramfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NewcWriterTest {
    @Test
    void writesSortedEntriesWithParentsTypesAndModes(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("init");
        Files.writeString(script, "#!/bin/sh\n");
        ArchiveLayout layout = new ArchiveLayout()
                .file("/sbin/init", script, 0755)
                .symlink("bin/sh", "/bin/busybox")
                .charDevice("dev/console", 5, 1, 0600)
                .bytes("etc/mzsh/modules.load", "a.ko\n".getBytes(StandardCharsets.UTF_8), 0644);

        List<CpioArchiveEntry> entries = new ArrayList<>();
        List<String> data = new ArrayList<>();
        try (CpioArchiveInputStream in = new CpioArchiveInputStream(new ByteArrayInputStream(bytes(layout)))) {
            for (CpioArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                entries.add(e);
                data.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertThat(entries)
                .extracting(CpioArchiveEntry::getName)
                .containsExactly(
                        "bin",
                        "bin/sh",
                        "dev",
                        "dev/console",
                        "etc",
                        "etc/mzsh",
                        "etc/mzsh/modules.load",
                        "sbin",
                        "sbin/init");
        assertThat(entries.get(0).getFormat()).isEqualTo(CpioConstants.FORMAT_NEW);
        assertThat(entries.get(1).getMode()).isEqualTo(CpioConstants.C_ISLNK | 0777);
        assertThat(data.get(1)).isEqualTo("/bin/busybox");
        assertThat(entries.get(3).getMode()).isEqualTo(CpioConstants.C_ISCHR | 0600);
        assertThat(entries.get(3).getRemoteDeviceMaj()).isEqualTo(5);
        assertThat(entries.get(3).getRemoteDeviceMin()).isEqualTo(1);
        assertThat(entries.get(8).getMode()).isEqualTo(CpioConstants.C_ISREG | 0755);
        assertThat(data.get(8)).isEqualTo("#!/bin/sh\n");
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.getUID()).isZero();
            assertThat(e.getTime()).isZero();
        });
        assertThat(entries).extracting(CpioArchiveEntry::getInode).doesNotHaveDuplicates();
    }

    @Test
    void theSameLayoutGivesTheSameBytesAndHash(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("f");
        Files.writeString(f, "content");
        ArchiveLayout a = new ArchiveLayout().file("x/f", f, 0644).dir("y");
        ArchiveLayout b = new ArchiveLayout().dir("y").file("x/f", f, 0644);
        assertThat(bytes(a)).isEqualTo(bytes(b));
        assertThat(LayoutHash.of(a, "")).isEqualTo(LayoutHash.of(b, ""));

        Files.writeString(f, "changed");
        assertThat(LayoutHash.of(a, "")).isNotEqualTo(LayoutHash.of(b.dir("z"), ""));
    }

    @Test
    void theSystemCpioReadsIt(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/cpio")), "cpio installed");
        Path archive = dir.resolve("a.cpio");
        Files.write(
                archive,
                bytes(new ArchiveLayout().bytes("a/b", "hi".getBytes(), 0600).symlink("a/c", "b")));
        Process p = new ProcessBuilder("cpio", "-itv", "--quiet")
                .redirectInput(archive.toFile())
                .start();
        String listing = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        assertThat(listing).contains("a/b").contains("a/c -> b").contains("-rw-------");
    }

    private static byte[] bytes(ArchiveLayout layout) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NewcWriter.write(layout, out);
        return out.toByteArray();
    }
}
