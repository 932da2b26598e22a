package dev.mzsh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An experiment on the shared `--kernel-build` kernel (built with debug.config, so its vmlinux
 * has DWARF; see {@link TestKernel}): the report names each top allocation site's file:line and
 * its component view names the kernel's source directories.
 */
class KernelSourceLinesIT {
    @TempDir
    Path work;

    @Test
    void anExperimentsReportShowsFileLineAndSourceDirectories() throws Exception {
        Path dir = TestKernel.buildDir();
        Path run = work.resolve("run");
        Mzsh.Result r = Mzsh.run(
                work,
                "--kernel-build",
                dir.toString(),
                "--run-dir",
                run.toString(),
                "-c",
                "experiment -- tar cf /tmp/etc.tar /etc");
        assertThat(r.status()).as(r.stderr()).isZero();
        String report = r.stderr();
        String sites = report.split("allocation sites by count", 2)[1].split("\n\n", 2)[0];
        // every named site of the top list: symbol+0xoff (address) file:line, a path inside the tree
        long named = sites.lines()
                .filter(l -> l.matches(".*\\+0x[0-9a-f]+ \\(ffffffff[0-9a-f]{8}\\)( .*)?"))
                .count();
        long withLine = sites.lines()
                .filter(l ->
                        l.matches(".*\\+0x[0-9a-f]+ \\(ffffffff[0-9a-f]{8}\\) [a-z0-9_][a-zA-Z0-9_/.-]*\\.[chS]:\\d+"))
                .count();
        assertThat(named).as(sites).isPositive();
        assertThat(withLine).as(sites).isEqualTo(named);
        assertThat(report).doesNotContain("has no debug info");

        String components = report.split("components \\(source directories of allocation sites\\) by count", 2)[1]
                .split("\n\n", 2)[0];
        assertThat(components
                        .lines()
                        .skip(2)
                        .map(l -> l.substring(l.lastIndexOf(' ') + 1))
                        .toList())
                .as(components)
                .isNotEmpty()
                .allMatch(d -> d.matches("[a-z0-9_][a-zA-Z0-9_/.-]*/"))
                .containsAnyOf("fs/", "mm/", "kernel/", "lib/", "security/");
        // the HTML report beside the kmap carries them too
        assertThat(Files.readString(run.resolve("kmap-001.html"))).contains("Components (source directories");
    }
}
