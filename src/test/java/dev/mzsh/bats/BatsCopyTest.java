package dev.mzsh.bats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host's bats-core (Debian's bats package) copied into a tree whose launcher runs on its own. */
class BatsCopyTest {
    @TempDir
    Path work;

    @Test
    void theCopyRunsATestWithoutTheHostsInstallation() throws Exception {
        Path copy = BatsCopy.stage(Path.of("/usr/bin/bats"), work.resolve("copy"));
        Path launcher = copy.resolve(BatsCopy.LAUNCHER);
        assertThat(Files.isExecutable(launcher)).isTrue();
        assertThat(copy.resolve("libexec/bats-core/bats")).isExecutable();
        Path t = Files.writeString(work.resolve("t.bats"), "@test \"adds\" {\n  [ $((1+1)) -eq 2 ]\n}\n");
        // The launcher finds libexec/ and lib/ from its own path, so the copy runs on its own.
        Process p = new ProcessBuilder(launcher.toString(), "--tap", t.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).contains("1..1", "ok 1 adds");
    }

    @Test
    void aLauncherWithoutItsTreesIsNamed() throws Exception {
        Path bin = Files.createDirectories(work.resolve("odd/bin"));
        Path bats = Files.writeString(bin.resolve("bats"), "#!/bin/sh\n");
        assertThatThrownBy(() -> BatsCopy.stage(bats, work.resolve("copy")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("libexec/bats-core");
    }
}
