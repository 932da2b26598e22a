package dev.mzsh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mzsh.kernel.SourceFingerprint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** `mzsh kernel build` on Debian's real linux-source-6.1 tree. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KernelBuildIT {
    @TempDir
    Path work;

    @Test
    @Order(1)
    void buildsTheTreeOutOfTreePrintsTheBuildDirAndLeavesTheSourceAlone() throws Exception {
        Path src = TestKernel.source();
        Mzsh.Result r = TestKernel.firstBuild();
        // Taken before the shared build, whichever test asked for it first.
        String before = TestKernel.sourceBeforeFirstBuild();
        System.err.printf(
                "KernelBuildIT: first build in this run took %.1f s%n",
                r.elapsed().toMillis() / 1000.0);
        Path dir = Path.of(r.out().strip());
        assertThat(r.out().lines()).as("stdout is the build directory alone").hasSize(1);
        assertThat(dir.resolve("arch/x86/boot/bzImage")).isRegularFile();
        assertThat(dir.resolve("vmlinux")).isRegularFile();
        assertThat(dir.resolve("vmlinux-gdb.py")).exists();
        assertThat(dir.resolve("mzsh-build.log")).isRegularFile();
        assertThat(Files.readString(dir.resolve(".config")))
                .contains("CONFIG_64BIT=y", "CONFIG_NET_9P_VIRTIO=y", "CONFIG_GDB_SCRIPTS=y", "CONFIG_MODULES=y");
        // What the guest would otherwise load as modules is built in: modules.builtin says so.
        String release =
                Files.readString(dir.resolve("include/config/kernel.release")).strip();
        Path modules = dir.resolve("mzsh-modules/lib/modules").resolve(release);
        assertThat(modules.resolve("modules.dep")).isRegularFile();
        assertThat(Files.readString(modules.resolve("modules.builtin")))
                .contains("virtio_pci.ko", "virtio_console.ko", "9pnet_virtio.ko", "fs/9p/9p.ko", "pvpanic-mmio.ko");
        assertThat(SourceFingerprint.tree(src.toRealPath()))
                .as("the source tree is unchanged")
                .isEqualTo(before);
    }

    @Test
    @Order(2)
    void aSecondRunWithUnchangedInputsReusesTheBuild() throws Exception {
        Path dir = TestKernel.buildDir();
        Path log = dir.resolve("mzsh-build.log");
        FileTime logTime = Files.getLastModifiedTime(log);
        String before = SourceFingerprint.tree(TestKernel.source().toRealPath());
        Mzsh.Result r = TestKernel.run(TestKernel.buildArgs(TestKernel.source(), TestKernel.OUT));
        System.err.printf("KernelBuildIT: reuse took %.1f s%n", r.elapsed().toMillis() / 1000.0);
        assertThat(r.status()).as(r.stderr()).isZero();
        assertThat(r.out().strip()).isEqualTo(dir.toString());
        assertThat(r.stderr())
                .contains("unchanged since the last build; reusing " + dir)
                .doesNotContain("files compiled");
        assertThat(Files.getLastModifiedTime(log))
                .as("make did not run: the log is untouched")
                .isEqualTo(logTime);
        assertThat(SourceFingerprint.tree(TestKernel.source().toRealPath())).isEqualTo(before);
    }

    @Test
    @Order(3)
    void theMemorizerFragmentOnAStockTreeNamesTheOptionsItLacks() throws Exception {
        Path src = TestKernel.source();
        String before = SourceFingerprint.tree(src.toRealPath());
        Mzsh.Result r = TestKernel.run(TestKernel.buildArgs(
                src,
                TestKernel.CACHE.resolve("build-config-checks"),
                "--config",
                TestKernel.fragment("memorizer.config")));
        assertThat(r.status()).as(r.stderr()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.stderr())
                .containsPattern("mzsh: CONFIG_MEMORIZER, CONFIG_MEMORIZER_STATS, .* not in this tree "
                        + "\\(memorizer.config\\) - is this a Memorizer kernel\\?");
        assertThat(r.stderr()).doesNotContain("files compiled");
        assertThat(SourceFingerprint.tree(src.toRealPath())).isEqualTo(before);
    }

    @Test
    @Order(4)
    void aFragmentWithABadValueGivesOneLineAndExit1() throws Exception {
        Path src = TestKernel.source();
        String before = SourceFingerprint.tree(src.toRealPath());
        Path bad = work.resolve("bad.config");
        Files.writeString(bad, "# a bool cannot be maybe\nCONFIG_SMP=maybe\n");
        List<String> args = new ArrayList<>(List.of(
                "kernel",
                "build",
                "--source",
                src.toString(),
                "--base",
                "tinyconfig",
                "--config",
                bad.toString(),
                "--out",
                TestKernel.CACHE.resolve("build-config-checks").toString()));
        Mzsh.Result r = TestKernel.run(args);
        assertThat(r.status()).as(r.stderr()).isEqualTo(1);
        assertThat(errorLines(r))
                .singleElement()
                .asString()
                .isEqualTo(
                        "mzsh: bad.config:2: CONFIG_SMP=maybe is not a valid value for CONFIG_SMP (kconfig ignored it)");
        assertThat(SourceFingerprint.tree(src.toRealPath())).isEqualTo(before);
    }

    @Test
    @Order(5)
    void aTreeWithASyntaxErrorGivesTheFirstErrorWithFileAndLineAndExit1() throws Exception {
        Path src = TestKernel.source().toRealPath();
        // A copy of the tree made of hard links (seconds, no space; so on the tree's file system);
        // the broken file is a new file in the copy, so the shared tree is never touched.
        Path broken = TestKernel.CACHE.resolve(
                "broken-tree-" + ProcessHandle.current().pid());
        try {
            Process cp = new ProcessBuilder("cp", "-al", src.toString(), broken.toString())
                    .inheritIO()
                    .start();
            assertThat(cp.waitFor(10, TimeUnit.MINUTES) && cp.exitValue() == 0).isTrue();
            buildTheBrokenCopy(src, broken);
        } finally {
            new ProcessBuilder("rm", "-rf", broken.toString())
                    .inheritIO()
                    .start()
                    .waitFor();
        }
    }

    private void buildTheBrokenCopy(Path src, Path broken) throws Exception {
        Path bounds = broken.resolve("kernel/bounds.c");
        String text = Files.readString(bounds);
        Files.delete(bounds);
        Files.writeString(bounds, text.replace("int main(void)\n{", "int main(void)\n{\n\tthis is not C;"));
        String before = SourceFingerprint.tree(broken);
        String shared = SourceFingerprint.tree(src);

        // tinyconfig alone: kernel/bounds.c is among the first files a build compiles.
        Mzsh.Result r = TestKernel.run(List.of(
                "kernel",
                "build",
                "--source",
                broken.toString(),
                "--base",
                "tinyconfig",
                "--out",
                work.resolve("broken-build").toString()));
        assertThat(r.status()).as(r.stderr()).isEqualTo(1);
        assertThat(errorLines(r))
                .singleElement()
                .asString()
                .matches(
                        "mzsh: kernel build failed: kernel/bounds\\.c:\\d+:\\d+: error: .* \\(full log: .*mzsh-build\\.log\\)");
        assertThat(SourceFingerprint.tree(broken)).isEqualTo(before);
        assertThat(SourceFingerprint.tree(src)).isEqualTo(shared);
    }

    /** The lines mzsh printed that are not progress (the bar, the start line). */
    private static List<String> errorLines(Mzsh.Result r) {
        return r.stderr()
                .lines()
                .filter(l -> !l.startsWith("mzsh: kernel build: "))
                .toList();
    }
}
