package dev.mzsh.bats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real BATS (the host's, the same package the guest image is built from) with
 * run-bats's pass-through formatter, parsed by TapParser: file attribution,
 * diagnostics and directives as BATS really prints them.
 */
class HostBatsStreamTest {
    @TempDir
    Path dir;

    @Test
    void realBatsExtendedStreamParsesIntoPerFileResults() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/bats")), "bats is not installed on this host");
        Files.writeString(dir.resolve("a.bat"), """
                @test "passes" {
                  true
                }
                @test "fails with output" {
                  echo "some output"
                  [ 1 -eq 2 ]
                }
                @test "skipped with reason" {
                  skip "not today"
                }
                """);
        Files.writeString(dir.resolve("b.bats"), """
                @test "b <ok> & fine" {
                  true
                }
                """);
        Path formatter = dir.resolve("fmt");
        Files.writeString(formatter, "#!/bin/sh\nexec cat\n");
        Files.setPosixFilePermissions(formatter, PosixFilePermissions.fromString("rwxr-xr-x"));
        Process p = new ProcessBuilder(
                        "bats",
                        "--formatter",
                        formatter.toString(),
                        dir.resolve("a.bat").toString(),
                        dir.resolve("b.bats").toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        Path tap = dir.resolve("results.tap");
        TapRecorder rec =
                new TapRecorder(new TapParser(f -> Path.of(f).getFileName().toString()), tap, l -> {});
        try (var in = p.getInputStream()) {
            in.transferTo(rec);
        }
        int status = p.waitFor();
        BatsResults r = rec.finish(null);

        assertThat(status).isEqualTo(1);
        assertThat(r.plan()).hasValueSatisfying(pl -> assertThat(pl.count()).isEqualTo(4));
        assertThat(r.byFile()).extracting(FileResults::file).containsExactly("a.bat", "b.bats");
        assertThat(r.tests())
                .extracting(TapTest::outcome)
                .containsExactly(Outcome.PASSED, Outcome.FAILED, Outcome.SKIPPED, Outcome.PASSED);
        assertThat(r.failed().get(0).diagnostics())
                .contains("some output")
                .anySatisfy(d -> assertThat(d).startsWith("  `[ 1 -eq 2 ]"));
        assertThat(r.tests().get(3).name()).isEqualTo("b <ok> & fine");
        assertThat(r.problems()).isEmpty();
        assertThat(r.running()).isEmpty();
        // the saved file is plain TAP: BATS's extended lines stay out
        assertThat(Files.readAllLines(tap))
                .noneMatch(l -> l.startsWith("suite ") || l.startsWith("begin "))
                .contains("1..4", "ok 3 skipped with reason # skip not today");
        List<String> lines = Files.readAllLines(tap);
        assertThat(lines.get(0)).isEqualTo("1..4");
    }
}
