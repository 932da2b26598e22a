package dev.mzsh.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunBoundsTest {
    @Test
    void sizesComeFromTheEnvironmentWithDefaults() {
        assertThat(RunBounds.from(Map.of()))
                .isEqualTo(new RunBounds(RunBounds.DEFAULT_CONSOLE_LOG_MAX, RunBounds.DEFAULT_SHARE_MAX));
        assertThat(RunBounds.from(Map.of("MZSH_CONSOLE_LOG_MAX", "512k", "MZSH_SHARE_MAX", "3G")))
                .isEqualTo(new RunBounds(512L << 10, 3L << 30));
        assertThatThrownBy(() -> RunBounds.from(Map.of("MZSH_SHARE_MAX", "lots")))
                .hasMessageContaining("MZSH_SHARE_MAX=lots is not a size");
    }

    @Test
    void aShareOverItsCapStopsTheGuestAndSaysWhy(@TempDir Path share) throws Exception {
        Files.createDirectories(share.resolve(".agent"));
        Files.write(share.resolve(".agent/1.out"), new byte[600]);
        Files.write(share.resolve("big"), new byte[600]);
        ByteArrayOutputStream notices = new ByteArrayOutputStream();
        CountDownLatch stopped = new CountDownLatch(1);
        try (ShareWatch w = new ShareWatch(
                share, 1000, new PrintStream(notices, true, StandardCharsets.UTF_8), stopped::countDown)) {
            assertThat(stopped.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(w.failure()).get().asString().contains("1200 bytes", "MZSH_SHARE_MAX");
            assertThat(notices.toString(StandardCharsets.UTF_8)).startsWith("mzsh: the guest put 1200 bytes");
        }
    }
}
