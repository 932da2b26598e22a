package dev.mzsh.memorizer;

import dev.mzsh.machine.ExecResult;
import dev.mzsh.machine.SharedDirectory;
import dev.mzsh.machine.Target;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The running kernel's own symbol table, {@code /proc/kallsyms}, copied once per
 * boot into the run directory. Without a vmlinux it still turns kmap addresses
 * into names; mzsh boots with nokaslr, so the addresses match the kmap's, and
 * module symbols are included.
 */
public final class GuestKallsyms {
    private GuestKallsyms() {}

    /** A kallsyms of the biggest kernels is about 20 MB; more is not a symbol table. */
    static final long MAX_BYTES = 256L << 20;

    /**
     * Copies kallsyms to {@code file} (a host file outside the share) unless it is there;
     * empty when the kernel hides its addresses (all zero) or has no kallsyms.
     */
    public static Optional<Path> fetch(Target target, Path file) throws IOException, InterruptedException {
        if (Files.exists(file)) {
            return Optional.of(file);
        }
        SharedDirectory share = target.share();
        Path part = share.host().resolve("." + file.getFileName() + ".part");
        String guestPart = share.guestPath(part);
        // kptr_restrict would print zeros; root in the guest may lift it.
        String script = "echo 0 > /proc/sys/kernel/kptr_restrict 2>/dev/null\n"
                + "[ -r /proc/kallsyms ] || exit 3\n"
                + "set -- $(grep -m1 ' [Tt] ' /proc/kallsyms); [ \"$1\" != 0000000000000000 ] || exit 4\n"
                + "dd if=/proc/kallsyms bs=1M iflag=fullblock of='" + guestPart + "' 2>/dev/null\n";
        try {
            ExecResult r = target.exec(script, Duration.ofSeconds(60), new ByteArrayOutputStream(),
                    new ByteArrayOutputStream());
            if (!r.ok()) {
                return Optional.empty();
            }
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
            try {
                try (OutputStream o = Files.newOutputStream(tmp)) {
                    if (share.reader().copy(part, o, MAX_BYTES) == 0) {
                        return Optional.empty();
                    }
                }
                Files.move(tmp, file);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return Optional.of(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } finally {
            Files.deleteIfExists(part);
        }
    }
}
