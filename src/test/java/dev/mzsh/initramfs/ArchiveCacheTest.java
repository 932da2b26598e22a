package dev.mzsh.initramfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveCacheTest {
    @Test
    void unchangedInputsAreNotRebuiltAndChangedOnesAre(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("file");
        Files.writeString(src, "one");
        ArchiveCache cache = new ArchiveCache(dir.resolve("cache"));
        ArchiveLayout layout = new ArchiveLayout().file("f", src, 0644);

        ArchiveCache.Layer first = cache.layer("base", layout, Compression.GZIP);
        ArchiveCache.Layer second = cache.layer("base", layout, Compression.GZIP);
        assertThat(first.cached()).isFalse();
        assertThat(second.cached()).isTrue();
        assertThat(second.path()).isEqualTo(first.path());

        Files.writeString(src, "two");
        ArchiveCache.Layer third = cache.layer("base", layout, Compression.GZIP);
        assertThat(third.cached()).isFalse();
        assertThat(third.path()).isNotEqualTo(first.path());
        try (Stream<Path> s = Files.list(cache.dir())) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void anUnchangedInputStampSkipsMakingTheLayoutAndAChangedOneRebuilds(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("file");
        Files.writeString(src, "one");
        ArchiveCache cache = new ArchiveCache(dir.resolve("cache"));
        int[] made = {0};
        ArchiveCache.LayoutSource source = () -> {
            made[0]++;
            return new ArchiveLayout().file("f", src, 0644);
        };

        ArchiveCache.Layer first = cache.layer("base", new InputStamp().path(src), source, Compression.GZIP);
        ArchiveCache.Layer second = cache.layer("base", new InputStamp().path(src), source, Compression.GZIP);
        assertThat(made[0]).isEqualTo(1);
        assertThat(second.cached()).isTrue();
        assertThat(second.path()).isEqualTo(first.path());
        assertThat(second.hash()).isEqualTo(first.hash());

        Files.writeString(src, "two, longer");
        ArchiveCache.Layer third = cache.layer("base", new InputStamp().path(src), source, Compression.GZIP);
        assertThat(made[0]).isEqualTo(2);
        assertThat(third.hash()).isNotEqualTo(first.hash());

        Files.delete(third.path());
        ArchiveCache.Layer rebuilt = cache.layer("base", new InputStamp().path(src), source, Compression.GZIP);
        assertThat(made[0]).as("a stamp whose archive vanished is rebuilt").isEqualTo(3);
        assertThat(rebuilt.path()).exists();
    }

    @Test
    void pruningKeepsTheNewestFilesOfAKind(@TempDir Path dir) throws Exception {
        ArchiveCache cache = new ArchiveCache(dir);
        for (int i = 0; i < 6; i++) {
            Path f = Files.writeString(dir.resolve("base-" + i + ".cpio.gz"), "x");
            Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(1_000_000L * (i + 1)));
        }
        Files.writeString(dir.resolve("guest-0.cpio.gz"), "y");
        cache.prune("base-", 2);
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("base-4.cpio.gz", "base-5.cpio.gz", "guest-0.cpio.gz");
        }
    }
}
