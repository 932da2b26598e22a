package dev.mzsh.initramfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SharedLibrariesTest {
    private static final Path DROPBEAR = Path.of("/usr/sbin/dropbear");

    @Test
    void lddLinesGiveTheLibraryPathsAndTheLoader() throws Exception {
        String out = "\tlinux-vdso.so.1 (0x00007ffd1bb74000)\n"
                + "\tlibz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x00007f2d1ba18000)\n"
                + "\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f2d1b7fa000)\n"
                + "\t/lib64/ld-linux-x86-64.so.2 (0x00007f2d1bb76000)\n";
        assertThat(SharedLibraries.parse(DROPBEAR, out, 0))
                .containsExactly(
                        Path.of("/lib/x86_64-linux-gnu/libz.so.1"),
                        Path.of("/lib/x86_64-linux-gnu/libc.so.6"),
                        Path.of("/lib64/ld-linux-x86-64.so.2"));
    }

    @Test
    void aMissingLibraryIsNamed() {
        assertThatThrownBy(() -> SharedLibraries.parse(
                        DROPBEAR,
                        "\tlibtomcrypt.so.1 => not found\n\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f)\n",
                        1))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("libtomcrypt.so.1");
    }

    @Test
    void aStaticExecutableNeedsNothing() throws Exception {
        assertThat(SharedLibraries.parse(Path.of("/bin/busybox"), "\tnot a dynamic executable\n", 1))
                .isEmpty();
        assumeTrue(Files.isExecutable(Path.of("/bin/busybox")));
        assertThat(SharedLibraries.of(Path.of("/bin/busybox"))).isEmpty();
    }

    @Test
    void dropbearsLibrariesOnThisHost() throws Exception {
        assumeTrue(Files.isExecutable(DROPBEAR), "dropbear-bin is installed (./mzsh setup)");
        List<String> names = SharedLibraries.of(DROPBEAR).stream()
                .map(p -> p.getFileName().toString())
                .toList();
        assertThat(names)
                .contains(
                        "libtomcrypt.so.1",
                        "libtommath.so.1",
                        "libz.so.1",
                        "libcrypt.so.1",
                        "libgmp.so.10",
                        "libc.so.6",
                        "ld-linux-x86-64.so.2")
                .noneMatch(n -> n.startsWith("linux-vdso"));
    }
}
