package dev.mzsh.kernel;

import dev.mzsh.host.GuestKernel;
import dev.mzsh.host.HostMissingException;
import dev.mzsh.host.KernelLocator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A kernel build directory (O= of a kernel build, e.g. from `mzsh kernel build`):
 * arch/x86/boot/bzImage to boot, vmlinux for symbols and gdb, .config to tell a
 * Memorizer kernel from a stock one, and the modules `mzsh kernel build`
 * installed with their modules.dep.
 */
public record KernelBuildTree(Path dir) {
    public static final String IMAGE = "arch/x86/boot/bzImage";

    /** The build directory {@code image} was built in, if it is {@code DIR/arch/x86/boot/bzImage} of one. */
    public static Optional<KernelBuildTree> containing(Path image) {
        Path abs = image.toAbsolutePath().normalize();
        Path dir = abs.getParent();
        for (int i = 0; i < 3 && dir != null; i++) {
            dir = dir.getParent();
        }
        if (dir == null || !abs.equals(dir.resolve(IMAGE))) {
            return Optional.empty();
        }
        KernelBuildTree t = new KernelBuildTree(dir);
        return Files.isRegularFile(t.dotConfig()) && Files.isRegularFile(dir.resolve("Makefile"))
                ? Optional.of(t)
                : Optional.empty();
    }

    public Path image() {
        return dir.resolve(IMAGE);
    }

    public Path vmlinux() {
        return dir.resolve("vmlinux");
    }

    public Path dotConfig() {
        return dir.resolve(".config");
    }

    /**
     * The kernel to boot. It counts as stock (memorizer-sim gives it the interface)
     * unless its .config has the Memorizer; its modules are the ones installed in
     * the build directory, so nothing resolves against the host's /lib/modules.
     */
    public GuestKernel guestKernel() throws IOException {
        GuestKernel k = KernelLocator.user(image());
        boolean memorizer = KernelConfig.read(dotConfig()).enabled("MEMORIZER");
        Path modules = dir.resolve(KernelBuilder.MODULES).resolve("lib/modules").resolve(k.release());
        return new GuestKernel(k.image(), k.release(), modules, !memorizer);
    }

    /** The kernel {@code image} is: the kernel of its build tree when it lies in one, else a plain bzImage. */
    public static GuestKernel kernelAt(Path image) {
        Optional<KernelBuildTree> tree = containing(image);
        if (tree.isEmpty()) {
            return KernelLocator.user(image);
        }
        try {
            return tree.get().guestKernel();
        } catch (IOException e) {
            throw new HostMissingException(
                    "a readable " + tree.get().dotConfig() + " (" + e.getMessage() + ")", List.of());
        }
    }

    public boolean hasModules() throws IOException {
        return KernelConfig.read(dotConfig()).enabled("MODULES");
    }
}
