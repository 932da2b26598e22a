package dev.mzsh.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {
    @Test
    void runsInTheSameSecondGetDifferentDirectories(@TempDir Path base) throws Exception {
        LocalDateTime t = LocalDateTime.of(2026, 11, 28, 9, 5, 7);
        Path a = RunDirectory.createUnder(base, t).path();
        Path b = RunDirectory.createUnder(base, t).path();
        Path c = RunDirectory.createUnder(base, t).path();
        assertThat(a.getFileName().toString()).isEqualTo("20261128-090507");
        assertThat(b.getFileName().toString()).isEqualTo("20261128-090507-2");
        assertThat(c.getFileName().toString()).isEqualTo("20261128-090507-3");
    }

    @Test
    void anExplicitDirectoryMustBeNewOrEmpty(@TempDir Path base) throws Exception {
        assertThat(RunDirectory.exactly(base.resolve("new")).path()).isDirectory();
        Path used = Files.createDirectories(base.resolve("used"));
        Files.writeString(used.resolve("kmap-001.kmap"), "precious");
        assertThatThrownBy(() -> RunDirectory.exactly(used)).hasMessageContaining("not empty");
        assertThat(used.resolve("kmap-001.kmap")).hasContent("precious");
    }
}
