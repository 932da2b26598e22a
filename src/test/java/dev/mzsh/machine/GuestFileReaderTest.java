package dev.mzsh.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class GuestFileReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsARegularFile() throws Exception {
        Path share = Files.createDirectory(dir.resolve("share"));
        Files.writeString(share.resolve("1.out"), "hello\n");
        assertThat(new GuestFileReader(share).readString(share.resolve("1.out"), 100))
                .isEqualTo("hello\n");
    }

    @Test
    void aSymlinkToAHostFileIsRefusedAndNamed() throws Exception {
        Path share = Files.createDirectory(dir.resolve("share"));
        Path secret = Files.writeString(dir.resolve("secret"), "host only");
        Path link = Files.createSymbolicLink(share.resolve("1.out"), secret);
        assertThatThrownBy(() -> new GuestFileReader(share).readAll(link, 100))
                .isInstanceOf(GuestFileException.class)
                .hasMessageContaining(link.toString())
                .hasMessageContaining("symbolic link")
                .hasMessageNotContaining("host only");
    }

    @Test
    void aLinkedDirectoryLeadingOutOfTheShareIsRefused() throws Exception {
        Path share = Files.createDirectory(dir.resolve("share"));
        Path outside = Files.createDirectory(dir.resolve("outside"));
        Files.writeString(outside.resolve("f"), "host only");
        Files.createSymbolicLink(share.resolve("d"), outside);
        assertThatThrownBy(() -> new GuestFileReader(share).readAll(share.resolve("d/f"), 100))
                .isInstanceOf(GuestFileException.class)
                .hasMessageContaining("outside the guest's share");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS) // a hang guard, not a speed target: a blocking open never returns
    void aFifoNeitherBlocksNorIsRead() throws Exception {
        Path share = Files.createDirectory(dir.resolve("share"));
        Path fifo = share.resolve("kmap.part");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(p.waitFor()).isZero();
        assertThatThrownBy(() -> new GuestFileReader(share).readAll(fifo, 100))
                .isInstanceOf(GuestFileException.class)
                .hasMessageContaining(fifo.toString())
                .hasMessageContaining("not a regular file");
    }

    @Test
    void aFileLargerThanTheLimitIsRefusedNotCut() throws Exception {
        Path share = Files.createDirectory(dir.resolve("share"));
        Path big = Files.write(share.resolve("kallsyms"), new byte[5000]);
        assertThatThrownBy(() -> new GuestFileReader(share).readAll(big, 4096))
                .isInstanceOf(GuestFileException.class)
                .hasMessageContaining("larger than the 4096 bytes");
    }

    @Test
    void aFileOutsideTheShareIsRefused() throws Exception {
        Path share = Files.createDirectory(dir.resolve("share"));
        Path host = Files.writeString(dir.resolve("console.log"), "x");
        assertThatThrownBy(() -> new GuestFileReader(share).open(host))
                .isInstanceOf(GuestFileException.class)
                .hasMessageContaining("not inside");
    }

    @Test
    void aMissingFileIsNoSuchFile() {
        Path share = dir;
        assertThatThrownBy(() -> new GuestFileReader(share).open(share.resolve("nope")))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aDirectoryIsRefused() throws Exception {
        Path share = Files.createDirectory(dir.resolve("share"));
        Path sub = Files.createDirectory(share.resolve("sub"));
        assertThatThrownBy(() -> new GuestFileReader(share).readAll(sub, 100))
                .isInstanceOf(GuestFileException.class)
                .hasMessageContaining("a directory");
    }

    @Test
    void readsUtf8() throws Exception {
        Path f = Files.write(dir.resolve("f"), "grüß".getBytes(StandardCharsets.UTF_8));
        assertThat(new GuestFileReader(dir).readString(f, 100)).isEqualTo("grüß");
    }
}
