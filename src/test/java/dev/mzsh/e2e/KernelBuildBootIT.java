package dev.mzsh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `./mzsh --kernel-build DIR` on the shared build of Debian's linux-source-6.1 (see {@link TestKernel}). */
class KernelBuildBootIT {
    @TempDir
    Path work;

    @Test
    void bootsTheBuiltKernelWithMemorizerSimBuiltAgainstItAndNoOtherModule() throws Exception {
        Path dir = TestKernel.buildDir();
        String release =
                Files.readString(dir.resolve("include/config/kernel.release")).strip();
        Path run = work.resolve("run");
        Mzsh.Result r = Mzsh.run(
                work,
                "--kernel-build",
                dir.toString(),
                "--run-dir",
                run.toString(),
                "-c",
                "exec uname -r; exec ls /sys/kernel/debug/memorizer; exec cat /proc/modules");
        assertThat(r.status()).as(r.stderr()).isZero();
        List<String> out = r.out().lines().toList();
        assertThat(out.get(0)).isEqualTo(release);
        assertThat(out).contains("kmap", "memorizer_enabled");
        // /proc/modules: one line per loaded module; the sim is the only one.
        assertThat(out.stream()
                        .filter(l -> l.matches("\\S+ \\d+ \\d+ .*"))
                        .map(l -> l.split(" ")[0])
                        .toList())
                .containsExactly("memorizer_sim");
        assertThat(r.stderr()).doesNotContain("has no modules");
        // mzsh-guest.config gives the kernel a PVH entry: QEMU loaded its vmlinux, unpacked from the bzImage
        Matcher kernel = Pattern.compile(" -kernel (\\S+) ").matcher(Files.readString(run.resolve("qemu.cmdline")));
        assertThat(kernel.find()).isTrue();
        Path loaded = Path.of(kernel.group(1));
        assertThat(loaded.getParent().getFileName()).hasToString("vmlinux");
        assertThat(loaded.getFileName().toString()).endsWith(".elf");
        assertThat(Mzsh.run(work, "doctor", "--kernel-build", dir.toString()).out())
                .containsPattern("kernel boot +ok +" + Pattern.quote(loaded.toString()));
        // The sim was built against this build tree, not the host's headers.
        assertThat(Files.readString(run.resolve("console.log")))
                .doesNotContain("disagrees about version", "Unknown symbol", "cannot load memorizer_sim");
    }

    @Test
    void doctorReportsTheBuiltKernelAndItsOwnModules() throws Exception {
        Path dir = TestKernel.buildDir();
        String release =
                Files.readString(dir.resolve("include/config/kernel.release")).strip();
        Mzsh.Result r = Mzsh.run(work, "doctor", "--kernel-build", dir.toString());
        assertThat(r.out())
                .containsPattern("kernel " + java.util.regex.Pattern.quote(release) + " +ok +"
                        + java.util.regex.Pattern.quote(
                                dir.resolve("arch/x86/boot/bzImage").toString()));
        assertThat(r.out())
                .containsPattern("kernel modules +ok +"
                        + java.util.regex.Pattern.quote(dir.resolve("mzsh-modules/lib/modules")
                                .resolve(release)
                                .toString()));
    }

    @Test
    void aDirectoryWithoutABuildSaysWhatToDoAndExits4() throws Exception {
        Mzsh.Result r = Mzsh.run(work, "--kernel-build", work.toString(), "-c", "exec true");
        assertThat(r.status()).as(r.stderr()).isEqualTo(4);
        assertThat(r.stderr().strip().lines())
                .singleElement()
                .asString()
                .contains("arch/x86/boot/bzImage")
                .contains("mzsh kernel build --source");
    }
}
