package dev.mzsh.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GdbCommandLineTest {
    private static final Path GDB = Path.of("/usr/bin/gdb");
    private static final Path STUB = Path.of("/run/user/sock-1/gdb.sock");

    @TempDir
    Path dir;

    @Test
    void withoutSymbolsGdbOnlyConnectsToTheStubsUnixSocket() {
        assertThat(GdbCommandLine.build(GDB, Optional.empty(), STUB))
                .containsExactly("/usr/bin/gdb", "-q", "-ex", "target remote /run/user/sock-1/gdb.sock");
    }

    @Test
    void vmlinuxIsTheFileAndWithoutHelpersNothingIsAutoLoaded() throws Exception {
        Path vmlinux = Files.createFile(dir.resolve("vmlinux"));
        assertThat(GdbCommandLine.build(GDB, Optional.of(vmlinux), STUB))
                .containsExactly(
                        "/usr/bin/gdb", "-q", vmlinux.toString(), "-ex", "target remote /run/user/sock-1/gdb.sock");
    }

    @Test
    void kernelHelpersBesideVmlinuxAreTrustedBeforeTheFileLoads() throws Exception {
        Path vmlinux = Files.createFile(dir.resolve("vmlinux"));
        Files.writeString(dir.resolve("vmlinux-gdb.py"), "# lx-* helpers\n");
        List<String> a = GdbCommandLine.build(GDB, Optional.of(vmlinux), STUB);
        assertThat(a)
                .containsExactly(
                        "/usr/bin/gdb",
                        "-q",
                        "-iex",
                        "add-auto-load-safe-path " + dir,
                        vmlinux.toString(),
                        "-ex",
                        "target remote /run/user/sock-1/gdb.sock");
    }

    @Test
    void aRelativeVmlinuxBecomesAbsoluteSoTheSafePathIsADirectory() {
        List<String> a = GdbCommandLine.build(GDB, Optional.of(Path.of("vmlinux")), STUB);
        assertThat(a.get(2)).isEqualTo(Path.of("vmlinux").toAbsolutePath().toString());
    }
}
