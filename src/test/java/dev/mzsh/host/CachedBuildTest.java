package dev.mzsh.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachedBuildTest {
    @TempDir
    Path cache;

    @Test
    void aFileIsBuiltOnceAndThenFoundByItsKey() throws Exception {
        Path outDir = cache.resolve("tools/abc");
        AtomicInteger builds = new AtomicInteger();
        CachedBuild.Step step = work -> {
            builds.incrementAndGet();
            CachedBuild.run(List.of("sh", "-c", "echo built > out.bin"), work, Duration.ofMinutes(1), "out.bin");
            return work.resolve("out.bin");
        };
        Path first = CachedBuild.ensure(outDir, "out.bin", step);
        Path second = CachedBuild.ensure(outDir, "out.bin", step);
        assertThat(first).isEqualTo(second).isEqualTo(outDir.resolve("out.bin")).hasContent("built");
        assertThat(builds).hasValue(1);
        try (Stream<Path> s = Files.list(cache.resolve("tools"))) {
            assertThat(s).as("the work directory is gone").containsExactly(outDir);
        }
    }

    @Test
    void aFailedBuildCachesNothingAndKeepsItsLog() throws Exception {
        Path outDir = cache.resolve("tools/abc");
        assertThatThrownBy(() -> CachedBuild.ensure(outDir, "out.bin", work -> {
                    CachedBuild.run(
                            List.of("sh", "-c", "echo 'x.c:1: error: nope'; exit 1"), work, Duration.ofMinutes(1), "x");
                    return work.resolve("out.bin");
                }))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("building x failed: x.c:1: error: nope; log: ");
        assertThat(CachedBuild.find(outDir, "out.bin")).isEmpty();
        try (Stream<Path> s = Files.walk(cache)) {
            assertThat(s.filter(p -> p.getFileName().toString().equals("build.log")))
                    .hasSize(1);
        }
    }
}
