package dev.mzsh.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mzsh.host.GuestKernel;
import dev.mzsh.host.KernelLocator;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelBuildTreeTest {
    @TempDir
    Path dir;

    private Path tree(String config) throws Exception {
        Path stock = KernelLocator.stock().image();
        Files.createDirectories(dir.resolve("arch/x86/boot"));
        Files.copy(stock, dir.resolve(KernelBuildTree.IMAGE));
        Files.writeString(dir.resolve(".config"), config);
        Files.writeString(dir.resolve("Makefile"), "include /src/Makefile\n");
        return dir.resolve(KernelBuildTree.IMAGE);
    }

    @Test
    void aBzImageInABuildDirectoryIsFoundWithItsTree() throws Exception {
        Path image = tree("CONFIG_MODULES=y\n");
        assertThat(KernelBuildTree.containing(image)).hasValue(new KernelBuildTree(dir));
        assertThat(KernelBuildTree.containing(dir.resolve("arch/x86/boot/../boot/bzImage")))
                .isPresent();
        Files.delete(dir.resolve(".config"));
        assertThat(KernelBuildTree.containing(image))
                .as("no .config: a bzImage, not a build")
                .isEmpty();
        assertThat(KernelBuildTree.containing(Path.of("/boot/vmlinuz"))).isEmpty();
    }

    @Test
    void aStockBuildGetsTheSimAndItsOwnModulesDirectory() throws Exception {
        Path image = tree("CONFIG_MODULES=y\n# CONFIG_MEMORIZER is not set\n");
        GuestKernel k = KernelBuildTree.containing(image).orElseThrow().guestKernel();
        assertThat(k.stock()).as("no Memorizer of its own: memorizer-sim").isTrue();
        assertThat(k.modulesDir())
                .isEqualTo(dir.resolve("mzsh-modules/lib/modules").resolve(k.release()));
        assertThat(k.image()).isEqualTo(image);
    }

    @Test
    void aMemorizerBuildIsNotStock() throws Exception {
        Path image = tree("CONFIG_KASAN=y\nCONFIG_MEMORIZER=y\n");
        assertThat(KernelBuildTree.containing(image).orElseThrow().guestKernel().stock())
                .isFalse();
    }
}
