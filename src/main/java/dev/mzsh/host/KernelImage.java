package dev.mzsh.host;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/** Reads the release string an x86 bzImage carries in its setup header. */
public final class KernelImage {
    private KernelImage() {}

    /** The release ("6.1.0-56-amd64"), or empty when the file is not a bzImage. */
    public static Optional<String> release(Path image) throws IOException {
        try (FileChannel ch = FileChannel.open(image)) {
            ByteBuffer h = ByteBuffer.allocate(0x210).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(h, 0);
            if (h.position() < 0x210 || h.getInt(0x202) != 0x53726448) { // "HdrS"
                return Optional.empty();
            }
            int versionOffset = Short.toUnsignedInt(h.getShort(0x20E));
            if (versionOffset == 0) {
                return Optional.empty();
            }
            ByteBuffer v = ByteBuffer.allocate(256);
            ch.read(v, versionOffset + 0x200L);
            String s = new String(v.array(), 0, v.position(), StandardCharsets.US_ASCII);
            int end = s.indexOf(' ');
            int nul = s.indexOf('\0');
            if (end < 0 || (nul >= 0 && nul < end)) {
                end = nul;
            }
            return end > 0 ? Optional.of(s.substring(0, end)) : Optional.empty();
        }
    }
}
