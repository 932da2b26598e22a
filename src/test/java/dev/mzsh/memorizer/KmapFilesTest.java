package dev.mzsh.memorizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KmapFilesTest {
    @TempDir
    Path dir;

    private Path part(String text) throws Exception {
        Path p = Files.createTempFile(dir, ".kmap", ".part");
        Files.writeString(p, text);
        return p;
    }

    @Test
    void numbersFollowTheHighestExistingOne() throws Exception {
        assertThat(KmapFiles.publishNumbered(part("a"), dir).getFileName()).hasToString("kmap-001.kmap");
        Files.writeString(dir.resolve("kmap-007.kmap"), "old");
        Path p = KmapFiles.publishNumbered(part("b"), dir);
        assertThat(p.getFileName()).hasToString("kmap-008.kmap");
        assertThat(Files.readString(p)).isEqualTo("b");
        assertThat(Files.readString(dir.resolve("kmap-007.kmap"))).isEqualTo("old");
        try (var s = Files.list(dir)) {
            assertThat(s.filter(f -> f.getFileName().toString().endsWith(".part"))).isEmpty();
        }
    }

    @Test
    void anExistingTargetIsNeverReplaced() throws Exception {
        Path target = dir.resolve("mine.kmap");
        Files.writeString(target, "precious");
        Path part = part("new");
        assertThatThrownBy(() -> KmapFiles.publish(part, target)).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(target)).isEqualTo("precious");
    }

    @Test
    void publishingAcrossDirectoriesLeavesOnlyTheTarget(@TempDir Path other) throws Exception {
        Path target = other.resolve("x.kmap");
        KmapFiles.publish(part("data"), target);
        assertThat(Files.readString(target)).isEqualTo("data");
        try (var s = Files.list(other)) {
            assertThat(s).containsExactly(target);
        }
    }
}
