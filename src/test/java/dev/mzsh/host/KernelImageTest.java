package dev.mzsh.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelImageTest {
    @Test
    void readsTheReleaseFromTheSetupHeader(@TempDir Path dir) throws Exception {
        ByteBuffer img = ByteBuffer.allocate(0x1000).order(ByteOrder.LITTLE_ENDIAN);
        img.putInt(0x202, 0x53726448);
        img.putShort(0x20E, (short) 0x300); // version string at 0x300 + 0x200
        img.put(0x500, "6.6.30-memorizer-26 (builder@host) #1 SMP".getBytes(StandardCharsets.US_ASCII));
        Path f = dir.resolve("bzImage");
        Files.write(f, img.array());
        assertThat(KernelImage.release(f)).contains("6.6.30-memorizer-26");
    }

    @Test
    void aFileThatIsNoBzImageHasNoRelease(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("vmlinux");
        Files.write(f, new byte[] {0x7f, 'E', 'L', 'F'});
        assertThat(KernelImage.release(f)).isEmpty();
    }

    @Test
    void theStockKernelsReleaseMatchesItsPackage() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/boot")));
        GuestKernel stock;
        try {
            stock = KernelLocator.stock();
        } catch (HostMissingException e) {
            org.junit.jupiter.api.Assumptions.abort("linux-image-amd64 not installed");
            return;
        }
        assertThat(KernelImage.release(stock.image())).contains(stock.release());
        assertThat(stock.modulesDir().resolve("modules.dep")).exists();
    }

    @Test
    void aMissingUserKernelIsAClearHostError(@TempDir Path dir) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KernelLocator.user(dir.resolve("bzImage")))
                .isInstanceOf(HostMissingException.class)
                .hasMessageContaining("does not exist");
    }
}
