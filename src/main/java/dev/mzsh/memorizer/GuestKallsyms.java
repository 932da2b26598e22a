package dev.mzsh.memorizer;

import dev.mzsh.machine.ExecResult;
import dev.mzsh.machine.GuestScript;
import dev.mzsh.machine.SharedDirectory;
import dev.mzsh.machine.Target;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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

    /** kptr_restrict would print zeros; root on the machine may lift it. No kallsyms, or only zeros: exit non-zero. */
    private static final String CHECK = "echo 0 > /proc/sys/kernel/kptr_restrict 2>/dev/null\n"
            + "[ -r /proc/kallsyms ] || exit 3\n"
            + "set -- $(grep -m1 ' [Tt] ' /proc/kallsyms); [ \"$1\" != 0000000000000000 ] || exit 4\n";

    /** A machine without a share (SSH): kallsyms read as a stream on the connection, bounded. */
    private static Optional<Path> fetchOverConnection(Target target, Path file)
            throws IOException, InterruptedException {
        ExecResult r = target.exec(
                CHECK, Duration.ofSeconds(60), OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
        if (!r.ok()) {
            return Optional.empty();
        }
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
        try {
            long n = 0;
            try (InputStream in = target.read("/proc/kallsyms");
                    OutputStream o = Files.newOutputStream(tmp)) {
                byte[] buf = new byte[1 << 16];
                for (int k; (k = in.read(buf)) > 0; ) {
                    n += k;
                    if (n > MAX_BYTES) {
                        throw new IOException("/proc/kallsyms is larger than the " + MAX_BYTES + " bytes mzsh reads");
                    }
                    o.write(buf, 0, k);
                }
            }
            if (n == 0) {
                return Optional.empty();
            }
            Files.move(tmp, file);
            return Optional.of(file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Copies kallsyms to {@code file} (a host file outside the share) unless it is there;
     * empty when the kernel hides its addresses (all zero) or has no kallsyms.
     */
    public static Optional<Path> fetch(Target target, Path file) throws IOException, InterruptedException {
        if (Files.exists(file)) {
            return Optional.of(file);
        }
        if (target.share().isEmpty()) {
            return fetchOverConnection(target, file);
        }
        SharedDirectory share = target.share().orElseThrow();
        Path part = share.host().resolve("." + file.getFileName() + ".part");
        String guestPart = share.guestPath(part);
        String script = CHECK
                + new GuestScript().line("dd if=/proc/kallsyms bs=1M iflag=fullblock of=%s 2>/dev/null", guestPart);
        try {
            ExecResult r = target.exec(
                    script, Duration.ofSeconds(60), new ByteArrayOutputStream(), new ByteArrayOutputStream());
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
