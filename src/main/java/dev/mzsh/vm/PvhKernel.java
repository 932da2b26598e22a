package dev.mzsh.vm;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.commons.io.input.BoundedInputStream;
import org.tukaani.xz.SingleXZInputStream;

/**
 * The ELF vmlinux inside an x86 bzImage, unpacked once per image into a cache, for QEMU to
 * load through the kernel's PVH entry point. A bzImage starts in real mode under the firmware
 * and decompresses itself: under software emulation that took 3.5-5 s of every cold boot here
 * (Debian's xz-packed image), before the kernel printed anything; the unpacked ELF starts the
 * kernel at once. An image that is not a bzImage, whose payload is packed other than gzip or
 * xz, or whose kernel has no PVH entry (CONFIG_PVH) is booted as it is; that answer is cached
 * too, so a boot pays the look only once per image.
 */
public final class PvhKernel {
    /** XEN_ELFNOTE_PHYS32_ENTRY: the note QEMU looks for to boot an ELF kernel (include/xen/interface/elfnote.h). */
    static final int PHYS32_ENTRY = 18;
    /** Far above any kernel's payload (stripped, as a bzImage holds it): one that inflates beyond is refused. */
    static final long MAX_UNPACKED = 1L << 30;

    /** Unpacked kernels kept in the cache. */
    static final int KEPT = 4;

    private static final int PT_NOTE = 4;
    private static final int EM_X86_64 = 62;

    private PvhKernel() {}

    /** The ELF to boot, or empty and why the image is booted as it is. */
    public record Outcome(Optional<Path> elf, String reason) {}

    /** What an earlier {@link #unpack} of {@code image} into {@code cacheDir} found, if one did. */
    public static Optional<Outcome> cached(Path image, Path cacheDir) throws IOException {
        String name = cacheName(image);
        Path elf = cacheDir.resolve(name + ".elf");
        if (Files.isRegularFile(elf)) {
            return Optional.of(new Outcome(Optional.of(elf), ""));
        }
        Path refused = cacheDir.resolve(name + ".as-is");
        if (Files.isRegularFile(refused)) {
            return Optional.of(new Outcome(
                    Optional.empty(),
                    Files.readString(refused, StandardCharsets.UTF_8).strip()));
        }
        return Optional.empty();
    }

    /**
     * Unpacks the PVH-bootable ELF of {@code image} into {@code cacheDir} (written whole or not at
     * all), or records why it cannot be. Entries are named by the image's path, size and mtime,
     * so a rebuilt image gets its own.
     */
    public static Outcome unpack(Path image, Path cacheDir) throws IOException {
        String name = cacheName(image);
        Path elf = cacheDir.resolve(name + ".elf");
        Path refused = cacheDir.resolve(name + ".as-is");
        Files.createDirectories(cacheDir);
        dropStaleTemps(cacheDir);
        Path tmp = Files.createTempFile(cacheDir, name, ".tmp");
        try {
            String why = unpackTo(image, tmp);
            if (why.isEmpty()) {
                Files.move(tmp, elf, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                dropOldest(cacheDir, elf);
                return new Outcome(Optional.of(elf), "");
            }
            Files.writeString(tmp, why + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, refused, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new Outcome(Optional.empty(), why);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Keeps the {@value #KEPT} newest unpacked kernels ({@code kept} among them): each is tens to
     * hundreds of MB, and every rebuilt image adds one. One dropped and booted again is
     * unpacked again (about a second); snapshots stay valid, as they know kernels by content.
     */
    private static void dropOldest(Path cacheDir, Path kept) throws IOException {
        List<Path> elfs = new ArrayList<>();
        try (DirectoryStream<Path> all = Files.newDirectoryStream(cacheDir, "*.elf")) {
            all.forEach(elfs::add);
        }
        if (elfs.size() <= KEPT) {
            return;
        }
        Map<Path, Long> mtime = new HashMap<>();
        for (Path p : elfs) {
            mtime.put(p, Files.getLastModifiedTime(p).toMillis());
        }
        elfs.remove(kept);
        elfs.sort(Comparator.comparing((Path p) -> mtime.get(p)).reversed());
        for (Path old : elfs.subList(KEPT - 1, elfs.size())) {
            Files.deleteIfExists(old);
        }
    }

    /** Half-written entries of an mzsh killed while unpacking (an hour is far longer than any unpack). */
    private static void dropStaleTemps(Path cacheDir) throws IOException {
        long before = System.currentTimeMillis() - 3_600_000;
        try (DirectoryStream<Path> tmps = Files.newDirectoryStream(cacheDir, "*.tmp")) {
            for (Path t : tmps) {
                if (Files.getLastModifiedTime(t).toMillis() < before) {
                    Files.deleteIfExists(t);
                }
            }
        }
    }

    /** Unpacks {@code image}'s payload into {@code out}; "" if {@code out} is a PVH-bootable ELF, else why not. */
    static String unpackTo(Path image, Path out) throws IOException {
        Payload p;
        try (FileChannel ch = FileChannel.open(image)) {
            p = payload(ch);
        }
        if (p.why() != null) {
            return p.why();
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(image), 1 << 16);
                OutputStream o = Files.newOutputStream(out)) {
            raw.skipNBytes(p.offset());
            InputStream packed = bounded(raw, p.length());
            byte[] buf = new byte[1 << 16];
            long total = 0;
            // the image's faults are its answer (remembered); a failed write (disk full) is the host's: thrown
            InputStream in;
            try {
                in = p.xz() ? new SingleXZInputStream(packed) : new GZIPInputStream(packed, 1 << 16);
            } catch (IOException e) {
                return "its payload does not unpack (" + e.getMessage() + ")";
            }
            try (in) {
                while (true) {
                    int n;
                    try {
                        n = in.read(buf);
                    } catch (IOException e) {
                        return "its payload does not unpack (" + e.getMessage() + ")";
                    }
                    if (n < 0) {
                        break;
                    }
                    total += n;
                    if (total > MAX_UNPACKED) {
                        return "its payload unpacks to more than " + (MAX_UNPACKED >> 20) + " MB";
                    }
                    o.write(buf, 0, n);
                }
            }
            if (total == 0) {
                return "its payload unpacks to nothing";
            }
        }
        try (FileChannel ch = FileChannel.open(out)) {
            return pvhEntry(ch) ? "" : "its kernel has no PVH entry point (CONFIG_PVH)";
        }
    }

    /** Where a bzImage's packed kernel lies, and how it is packed; or why it is not one mzsh unpacks. */
    record Payload(long offset, long length, boolean xz, String why) {
        static Payload no(String why) {
            return new Payload(0, 0, false, why);
        }
    }

    /** The payload fields of the x86 boot protocol (Documentation/x86/boot.rst), version 2.08 on. */
    static Payload payload(FileChannel ch) throws IOException {
        ByteBuffer h = read(ch, 0, 0x250);
        if (h.limit() < 0x250 || h.getInt(0x202) != 0x53726448) { // "HdrS"
            return Payload.no("it is not an x86 bzImage");
        }
        if (Short.toUnsignedInt(h.getShort(0x206)) < 0x208) {
            return Payload.no("its boot protocol is older than 2.08");
        }
        int setupSects = Byte.toUnsignedInt(h.get(0x1f1));
        long start = (long) (setupSects == 0 ? 4 : setupSects) * 512 + 512 + Integer.toUnsignedLong(h.getInt(0x248));
        long length = Integer.toUnsignedLong(h.getInt(0x24c));
        if (length < 6 || start + length > ch.size()) {
            return Payload.no("its payload lies outside the file");
        }
        ByteBuffer m = read(ch, start, 6);
        if (m.get(0) == (byte) 0xfd && m.get(1) == '7' && m.get(2) == 'z' && m.get(3) == 'X' && m.get(4) == 'Z') {
            return new Payload(start, length, true, null);
        }
        if (m.get(0) == (byte) 0x1f && m.get(1) == (byte) 0x8b) {
            return new Payload(start, length, false, null);
        }
        return Payload.no("its payload is packed other than gzip or xz (CONFIG_KERNEL_GZIP or _XZ unpack)");
    }

    /** Whether the file is a 64-bit x86 ELF with a PT_NOTE holding Xen's PHYS32_ENTRY note, as QEMU requires. */
    static boolean pvhEntry(FileChannel ch) throws IOException {
        ByteBuffer e = read(ch, 0, 64);
        if (e.limit() < 64
                || e.getInt(0) != 0x464c457f // \x7fELF
                || e.get(4) != 2 // ELFCLASS64
                || e.get(5) != 1 // little-endian
                || Short.toUnsignedInt(e.getShort(18)) != EM_X86_64) {
            return false;
        }
        long phoff = e.getLong(32);
        int phentsize = Short.toUnsignedInt(e.getShort(54));
        int phnum = Short.toUnsignedInt(e.getShort(56));
        if (phentsize < 56 || phoff < 0) {
            return false;
        }
        for (int i = 0; i < phnum; i++) {
            ByteBuffer ph = read(ch, phoff + (long) i * phentsize, 56);
            if (ph.limit() < 56 || ph.getInt(0) != PT_NOTE) {
                continue;
            }
            long off = ph.getLong(8);
            long size = ph.getLong(32);
            if (off < 0 || size < 0 || size > 1 << 20 || off + size > ch.size()) {
                continue;
            }
            if (hasXenEntry(read(ch, off, (int) size))) {
                return true;
            }
        }
        return false;
    }

    /** Walks one note segment: namesz, descsz, type, then name and desc, each padded to 4 bytes. */
    private static boolean hasXenEntry(ByteBuffer n) {
        int p = 0;
        while (p + 12 <= n.limit()) {
            long namesz = Integer.toUnsignedLong(n.getInt(p));
            long descsz = Integer.toUnsignedLong(n.getInt(p + 4));
            int type = n.getInt(p + 8);
            long name = p + 12;
            long desc = name + ((namesz + 3) & ~3L);
            long next = desc + ((descsz + 3) & ~3L);
            if (next > n.limit()) {
                return false;
            }
            if (type == PHYS32_ENTRY && namesz == 4 && n.getInt((int) name) == 0x006e6558) { // "Xen\0"
                return true;
            }
            p = (int) next;
        }
        return false;
    }

    private static InputStream bounded(InputStream in, long max) throws IOException {
        return BoundedInputStream.builder()
                .setInputStream(in)
                .setMaxCount(max)
                .setPropagateClose(true)
                .get();
    }

    private static ByteBuffer read(FileChannel ch, long at, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining() && ch.read(b, at + b.position()) > 0) {
            // a short read leaves a short buffer: callers check its limit
        }
        return b.flip();
    }

    private static String cacheName(Path image) throws IOException {
        Path real = image.toRealPath();
        String id = real + "\0" + Files.size(real) + "\0"
                + Files.getLastModifiedTime(real).toMillis();
        return "vmlinux-" + DigestUtils.sha256Hex(id).substring(0, 16);
    }
}
