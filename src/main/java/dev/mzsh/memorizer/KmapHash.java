package dev.mzsh.memorizer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.Checksum;
import org.apache.commons.codec.digest.XXHash32;

/**
 * The hash a guest reports for the kmap bytes it read, as the host recomputes
 * it: XXH32 from the guest's mzsh-copy (8 hex digits), SHA-256 from the
 * BusyBox fallback (64 hex digits). The length of the guest's hash says which.
 */
enum KmapHash {
    XXH32("xxh32", 8),
    SHA256("sha256", 64);

    private final String label;
    private final int hexDigits;

    KmapHash(String label, int hexDigits) {
        this.label = label;
        this.hexDigits = hexDigits;
    }

    String label() {
        return label;
    }

    /** The algorithm whose hex form {@code hex} is, or null when it is neither. */
    static KmapHash ofHex(String hex) {
        for (KmapHash h : values()) {
            if (hex.length() == h.hexDigits && hex.matches("[0-9a-f]+")) {
                return h;
            }
        }
        return null;
    }

    /** The hex hash of everything {@code ch} holds from its current position. */
    String hash(FileChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        if (this == XXH32) {
            Checksum x = new XXHash32();
            while (ch.read(buf.clear()) > 0) {
                x.update(buf.array(), 0, buf.position());
            }
            return String.format("%08x", x.getValue());
        }
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        while (ch.read(buf.clear()) > 0) {
            md.update(buf.array(), 0, buf.position());
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
