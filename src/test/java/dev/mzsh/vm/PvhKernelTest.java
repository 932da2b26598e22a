package dev.mzsh.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * Unpacking a bzImage's vmlinux for a PVH boot, on images made here: the x86 boot header's
 * payload fields, gzip and xz payloads, the ELF note QEMU needs, and what is refused. The
 * stock kernel's own image is unpacked and booted by every end-to-end test that boots.
 */
class PvhKernelTest {
    @TempDir
    Path dir;

    /** A 64-bit x86 ELF with one PT_NOTE segment: first an unrelated note, then (if {@code pvh}) Xen's PHYS32_ENTRY. */
    static byte[] elf(boolean pvh) {
        ByteBuffer notes = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        notes.putInt(4).putInt(4).putInt(3).put("GNU\0".getBytes()).putInt(0x1234); // an NT_GNU_BUILD_ID-like note
        notes.putInt(4)
                .putInt(4)
                .putInt(pvh ? PvhKernel.PHYS32_ENTRY : 17)
                .put("Xen\0".getBytes())
                .putInt(0x1000000);
        int noteLen = notes.position();
        ByteBuffer e = ByteBuffer.allocate(64 + 56 + noteLen + 200).order(ByteOrder.LITTLE_ENDIAN);
        e.putInt(0x464c457f).put((byte) 2).put((byte) 1).put((byte) 1);
        e.position(16);
        e.putShort((short) 2).putShort((short) 62).putInt(1); // ET_EXEC, EM_X86_64, version
        e.putLong(0x1000000).putLong(64).putLong(0); // entry, phoff, shoff
        e.putInt(0).putShort((short) 64).putShort((short) 56).putShort((short) 1); // flags, ehsize, phentsize, phnum
        e.position(64);
        e.putInt(4)
                .putInt(4)
                .putLong(64 + 56)
                .putLong(0)
                .putLong(0)
                .putLong(noteLen)
                .putLong(noteLen)
                .putLong(4);
        e.put(notes.array(), 0, noteLen);
        for (int i = 0; i < 200; i++) {
            e.put((byte) (i * 7)); // the "kernel"
        }
        return e.array();
    }

    /** A bzImage around {@code payload}: one setup sector, boot protocol 2.15, payload at offset 16, size after it. */
    static byte[] bzImage(byte[] payload) {
        int start = 2 * 512 + 16;
        ByteBuffer b = ByteBuffer.allocate(start + payload.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0x1f1, (byte) 1);
        b.putInt(0x202, 0x53726448);
        b.putShort(0x206, (short) 0x020f);
        b.putInt(0x248, 16);
        b.putInt(0x24c, payload.length);
        b.position(start);
        b.put(payload).putInt(12345); // as the kernel's build appends the unpacked size
        return b.array();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = new GZIPOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }

    static byte[] xz(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = new XZOutputStream(out, new LZMA2Options())) {
            z.write(data);
        }
        return out.toByteArray();
    }

    private Path image(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private String[] cacheFiles() throws IOException {
        Path cache = dir.resolve("cache");
        if (!Files.isDirectory(cache)) {
            return new String[0];
        }
        try (var s = Files.list(cache)) {
            return s.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    @Test
    void aGzipPayloadUnpacksToTheElfAndIsReusedAfterwards() throws IOException {
        byte[] elf = elf(true);
        Path img = image("bzImage", bzImage(gzip(elf)));
        Path cache = dir.resolve("cache");
        assertThat(PvhKernel.cached(img, cache)).isEmpty();

        PvhKernel.Outcome o = PvhKernel.unpack(img, cache);

        assertThat(o.elf()).isPresent();
        assertThat(Files.readAllBytes(o.elf().get())).isEqualTo(elf);
        assertThat(PvhKernel.cached(img, cache)).contains(o);
        assertThat(cacheFiles())
                .singleElement()
                .asString()
                .startsWith("vmlinux-")
                .endsWith(".elf");
    }

    @Test
    void anXzPayloadUnpacksAsDebianPacksItsKernels() throws IOException {
        byte[] elf = elf(true);
        PvhKernel.Outcome o = PvhKernel.unpack(image("vmlinuz", bzImage(xz(elf))), dir.resolve("cache"));
        assertThat(o.elf()).isPresent();
        assertThat(Files.readAllBytes(o.elf().get())).isEqualTo(elf);
    }

    @Test
    void aKernelWithoutThePvhNoteIsBootedAsItIsAndThatIsRemembered() throws IOException {
        Path img = image("bzImage", bzImage(gzip(elf(false))));
        Path cache = dir.resolve("cache");

        PvhKernel.Outcome o = PvhKernel.unpack(img, cache);

        assertThat(o.elf()).isEmpty();
        assertThat(o.reason()).contains("no PVH entry point", "CONFIG_PVH");
        assertThat(PvhKernel.cached(img, cache)).contains(o);
        assertThat(cacheFiles()).singleElement().asString().endsWith(".as-is");
    }

    @Test
    void whatIsNotABzImageOrNotUnpackableIsRefusedWithItsReasonAndLeavesNoElf() throws IOException {
        byte[] zstd = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0, 0, 0, 0};
        byte[] corrupt = gzip(elf(true));
        Arrays.fill(corrupt, 12, corrupt.length - 8, (byte) 0x55);
        byte[] outside = bzImage(gzip(elf(true)));
        ByteBuffer.wrap(outside).order(ByteOrder.LITTLE_ENDIAN).putInt(0x24c, outside.length);

        assertThat(PvhKernel.unpack(image("a", elf(true)), dir.resolve("cache")).reason())
                .isEqualTo("it is not an x86 bzImage");
        assertThat(PvhKernel.unpack(image("b", bzImage(zstd)), dir.resolve("cache"))
                        .reason())
                .contains("packed other than gzip or xz");
        assertThat(PvhKernel.unpack(image("c", bzImage(corrupt)), dir.resolve("cache"))
                        .reason())
                .startsWith("its payload does not unpack");
        assertThat(PvhKernel.unpack(image("d", outside), dir.resolve("cache")).reason())
                .isEqualTo("its payload lies outside the file");
        assertThat(cacheFiles()).hasSize(4).allMatch(f -> f.endsWith(".as-is"));
    }

    @Test
    void onlyTheNewestUnpackedKernelsAreKept() throws IOException {
        Path cache = dir.resolve("cache");
        byte[] packed = gzip(elf(true));
        long now = System.currentTimeMillis();
        Path[] elfs = new Path[PvhKernel.KEPT + 1];
        for (int i = 0; i < elfs.length; i++) {
            elfs[i] = PvhKernel.unpack(image("bzImage-" + i, bzImage(packed)), cache)
                    .elf()
                    .orElseThrow();
            Files.setLastModifiedTime(elfs[i], FileTime.fromMillis(now - (elfs.length - i) * 60_000L));
        }
        assertThat(elfs[0]).doesNotExist();
        assertThat(Arrays.copyOfRange(elfs, 1, elfs.length)).allMatch(Files::exists);

        // entries that look newer (a clock set back) never push out the one just unpacked
        for (int i = 1; i < elfs.length; i++) {
            Files.setLastModifiedTime(elfs[i], FileTime.fromMillis(now + i * 3_600_000L));
        }
        Path last = PvhKernel.unpack(image("bzImage-last", bzImage(packed)), cache)
                .elf()
                .orElseThrow();
        assertThat(last).exists();
        assertThat(elfs[1]).doesNotExist();

        PvhKernel.unpack(image("bzImage-no-pvh", bzImage(gzip(elf(false)))), cache); // a refusal drops nothing
        assertThat(cacheFiles()).filteredOn(f -> f.endsWith(".elf")).hasSize(PvhKernel.KEPT);
    }

    @Test
    void aRebuiltImageGetsItsOwnEntry() throws IOException {
        Path img = image("bzImage", bzImage(gzip(elf(true))));
        Path cache = dir.resolve("cache");
        Path first = PvhKernel.unpack(img, cache).elf().orElseThrow();

        Files.write(img, bzImage(gzip(elf(false))));
        Files.setLastModifiedTime(
                img, FileTime.fromMillis(Files.getLastModifiedTime(first).toMillis() + 5000));

        assertThat(PvhKernel.cached(img, cache)).isEmpty();
        assertThat(PvhKernel.unpack(img, cache).elf()).isEmpty();
        assertThat(first).exists();
    }
}
