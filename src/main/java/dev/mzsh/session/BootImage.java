package dev.mzsh.session;

import dev.mzsh.host.GuestKernel;
import dev.mzsh.vm.PvhKernel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What QEMU loads as a guest's kernel: its vmlinux unpacked for a PVH boot (once per image,
 * cached), which spares a cold boot the firmware's real-mode start and the image's own
 * decompression, or the image as it is when it cannot be.
 *
 * @param file   the file given to QEMU's -kernel
 * @param pvh    whether it is the unpacked vmlinux
 * @param reason why the image boots as it is ("" when {@code pvh})
 */
public record BootImage(Path file, boolean pvh, String reason) {
    private static Path cache(Installation installation) {
        return installation.cacheDir().resolve("vmlinux");
    }

    /** What an earlier boot decided for {@code kernel}, without unpacking anything (for doctor). */
    public static Optional<BootImage> known(Installation installation, GuestKernel kernel) throws IOException {
        return PvhKernel.cached(kernel.image(), cache(installation)).map(o -> of(kernel, o));
    }

    /** The boot image of {@code kernel}, unpacked now if no boot did yet (saying so on {@code notices}). */
    static BootImage prepare(Installation installation, GuestKernel kernel, PrintStream notices) {
        Path cache = cache(installation);
        try {
            Optional<PvhKernel.Outcome> known = PvhKernel.cached(kernel.image(), cache);
            if (known.isPresent()) {
                return of(kernel, known.get());
            }
            notices.println("mzsh: unpacking " + kernel.image() + " for fast cold boots (once per kernel image) ...");
            BootImage b = of(kernel, PvhKernel.unpack(kernel.image(), cache));
            if (!b.pvh()) {
                notices.println("mzsh: booting " + kernel.image() + " as it is: " + b.reason());
            }
            return b;
        } catch (IOException e) {
            // a faster boot, never a reason not to boot: QEMU loads the image itself
            String why = "cannot unpack it into " + cache + " (" + e.getMessage() + ")";
            notices.println("mzsh: booting " + kernel.image() + " as it is: " + why);
            return new BootImage(kernel.image(), false, why);
        }
    }

    private static BootImage of(GuestKernel kernel, PvhKernel.Outcome o) {
        return o.elf()
                .map(elf -> new BootImage(elf, true, ""))
                .orElse(new BootImage(kernel.image(), false, o.reason()));
    }
}
