package dev.mzsh.vm;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The guest's memory written to a file by QEMU (QMP {@code dump-guest-memory}, detached, so
 * QMP keeps answering and the progress is polled with {@code query-dump}). QEMU has no way
 * to cancel a dump: one that makes no progress for {@link #STALL_LIMIT}, or outgrows its
 * size limit, is given up, and the caller must end QEMU. QEMU writes to {@code .NAME.part}, renamed
 * to NAME only when complete, and a dump that did not complete is removed here: no truncated core
 * ever looks like a whole one, even when mzsh is killed mid-dump.
 */
public final class GuestDump {
    /** A dump whose byte count does not move for this long is given up (a limit on progress, not on time). */
    public static final Duration STALL_LIMIT = Duration.ofSeconds(30);

    private static final long POLL_MILLIS = 100;
    /**
     * dump-guest-memory answers only after QEMU has walked the guest's page tables (paging, for
     * an ELF core): measured up to beyond 15 s for 1 GiB on a loaded 2-core host, so it gets
     * more than QMP's usual limit.
     */
    static final Duration START_LIMIT = Duration.ofMinutes(5);

    /** The formats QEMU writes: ELF (gdb, crash, drgn) and the compressed kdump ones (crash, drgn). */
    public enum Format {
        ELF("elf"),
        KDUMP_ZLIB("kdump-zlib"),
        KDUMP_LZO("kdump-lzo"),
        KDUMP_SNAPPY("kdump-snappy");

        private final String qmpName;

        Format(String qmpName) {
            this.qmpName = qmpName;
        }

        public String qmpName() {
            return qmpName;
        }
    }

    /** How far a dump got: bytes written of the total QEMU plans to process. */
    public record Progress(long completed, long total) {}

    /** Why a dump did not complete; the partial file is already removed. */
    public static final class DumpFailedException extends IOException {
        private final boolean qemuMustEnd;

        DumpFailedException(String message, boolean qemuMustEnd) {
            super(message);
            this.qemuMustEnd = qemuMustEnd;
        }

        /** True when QEMU may still be writing (a stall, an outgrown limit): only ending it stops the dump. */
        public boolean qemuMustEnd() {
            return qemuMustEnd;
        }
    }

    private final QmpClient qmp;
    private final Duration stallLimit;

    public GuestDump(QmpClient qmp) {
        this(qmp, STALL_LIMIT);
    }

    /** With another stall limit (tests). */
    GuestDump(QmpClient qmp, Duration stallLimit) {
        this.qmp = qmp;
        this.stallLimit = stallLimit;
    }

    /** The formats this QEMU can write (QMP query-dump-guest-memory-capability), in {@link Format}'s order. */
    public List<Format> formats() throws IOException {
        JsonNode caps = qmp.execute("query-dump-guest-memory-capability").path("formats");
        List<Format> out = new ArrayList<>();
        for (Format f : Format.values()) {
            for (JsonNode n : caps) {
                if (n.asText().equals(f.qmpName())) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    /** The guest's RAM in bytes (QMP query-memory-size-summary): what an ELF dump holds. */
    public long guestMemory() throws IOException {
        return qmp.execute("query-memory-size-summary").path("base-memory").asLong();
    }

    /**
     * Writes the guest's memory to {@code file} and returns its size.
     *
     * @param maxBytes the file may not grow beyond this (a size limit or the free space); beyond, the dump is given up
     * @param progress told about the progress at each poll
     * @throws DumpFailedException when QEMU reports a failure, stalls or the file outgrows {@code maxBytes};
     *                             the partial file is removed first
     */
    public long write(Path file, Format format, long maxBytes, Consumer<Progress> progress)
            throws IOException, InterruptedException {
        Path done = file.toAbsolutePath();
        if (Files.exists(done, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(done + " exists; a dump never overwrites a file");
        }
        Path target = done.resolveSibling("." + done.getFileName() + ".part");
        Files.deleteIfExists(target);
        try {
            // gdb reads a core by virtual address: an ELF dump carries the guest's page tables' mappings
            // (paging), or vmalloc'd kernel stacks are unreadable; kdump formats cannot, and crash and drgn
            // translate addresses themselves.
            qmp.execute(
                    "dump-guest-memory",
                    Map.of(
                            "paging",
                            format == Format.ELF,
                            "protocol",
                            "file:" + target,
                            "detach",
                            true,
                            "format",
                            format.qmpName()),
                    START_LIMIT);
            long lastCompleted = -1;
            long lastMove = System.nanoTime();
            while (true) {
                JsonNode q = qmp.execute("query-dump");
                String status = q.path("status").asText();
                Progress p = new Progress(
                        q.path("completed").asLong(), q.path("total").asLong());
                progress.accept(p);
                if (status.equals("completed")) {
                    long size = Files.size(target);
                    Files.move(target, done, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    return size;
                }
                if (status.equals("failed")) {
                    throw new DumpFailedException(
                            "QEMU could not write it (after " + p.completed()
                                    + " bytes; a full disk or an unwritable directory)",
                            false);
                }
                long size = Files.exists(target) ? Files.size(target) : 0;
                if (size > maxBytes) {
                    throw new DumpFailedException("it outgrew its limit of " + maxBytes + " bytes", true);
                }
                long now = System.nanoTime();
                if (p.completed() != lastCompleted) {
                    lastCompleted = p.completed();
                    lastMove = now;
                } else if (now - lastMove > stallLimit.toNanos()) {
                    throw new DumpFailedException(
                            "QEMU made no progress for " + stallLimit.toMillis() / 1000.0 + " s", true);
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            Files.deleteIfExists(target);
            if (e instanceof DumpFailedException) {
                throw e;
            }
            if (e instanceof InterruptedException) {
                throw e;
            }
            throw new DumpFailedException(e.getMessage(), true);
        }
    }
}
