package dev.mzsh.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mzsh.host.GuestKernel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The boot image when the cache cannot take the unpacked kernel: the image itself, said once. */
class BootImageTest {
    @TempDir
    Path dir;

    @Test
    void aCacheThatCannotBeWrittenFallsBackToTheImageWithANotice() throws Exception {
        Path cache = Files.createDirectories(dir.resolve("cache"));
        Files.writeString(cache.resolve("vmlinux"), "a file where the directory goes\n");
        Path image = Files.write(dir.resolve("bzImage"), new byte[4096]);
        GuestKernel kernel = new GuestKernel(image, "6.1.0-test", dir.resolve("modules"), false);
        ByteArrayOutputStream said = new ByteArrayOutputStream();

        BootImage b = BootImage.prepare(
                new Installation(dir, cache), kernel, new PrintStream(said, true, StandardCharsets.UTF_8));

        assertThat(b.file()).isEqualTo(image);
        assertThat(b.pvh()).isFalse();
        assertThat(b.reason()).startsWith("cannot unpack it into " + cache.resolve("vmlinux"));
        assertThat(said.toString(StandardCharsets.UTF_8))
                .contains("mzsh: booting " + image + " as it is: cannot unpack it into");
        assertThat(BootImage.known(new Installation(dir, cache), kernel)).isEmpty();
    }
}
