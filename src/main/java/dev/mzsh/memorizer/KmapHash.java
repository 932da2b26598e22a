package dev.mzsh.memorizer;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.commons.codec.digest.XXHash32;

/**
 * The hash a guest reports for the kmap bytes it read, as the host recomputes
 * it: XXH32 from the guest's mzsh-copy (8 hex digits), SHA-256 from the
 * BusyBox fallback (64 hex digits). The length of the guest's hash says which.
 */
public enum KmapHash {
    XXH32("xxh32", 8),
    SHA256("sha256", 64);

    private final String label;
    private final int hexDigits;

    KmapHash(String label, int hexDigits) {
        this.label = label;
        this.hexDigits = hexDigits;
    }

    public String label() {
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

    /** A running hash of the bytes passed to it, in this algorithm. */
    Hasher start() {
        if (this == XXH32) {
            XXHash32 x = new XXHash32();
            return new Hasher() {
                @Override
                void update(byte[] b, int off, int len) {
                    x.update(b, off, len);
                }

                @Override
                String hex() {
                    return String.format("%08x", x.getValue());
                }
            };
        }
        MessageDigest md = DigestUtils.getSha256Digest();
        return new Hasher() {
            @Override
            void update(byte[] b, int off, int len) {
                md.update(b, off, len);
            }

            @Override
            String hex() {
                return HexFormat.of().formatHex(md.digest());
            }
        };
    }

    /** The hex hash of everything {@code ch} holds from its current position. */
    String hash(FileChannel ch) throws IOException {
        Hasher h = start();
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        while (ch.read(buf.clear()) > 0) {
            h.update(buf.array(), 0, buf.position());
        }
        return h.hex();
    }

    /** The hex hash of the first {@code bytes} bytes {@code ch} holds from its current position. */
    String hashPrefix(FileChannel ch, long bytes) throws IOException {
        Hasher h = start();
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        long left = bytes;
        while (left > 0) {
            buf.clear().limit((int) Math.min(buf.capacity(), left));
            int n = ch.read(buf);
            if (n <= 0) {
                break;
            }
            h.update(buf.array(), 0, n);
            left -= n;
        }
        return h.hex();
    }

    /** A hash being computed; {@link #tee} hashes what is written through it. */
    abstract static class Hasher {
        abstract void update(byte[] b, int off, int len);

        /** The hash of everything passed so far (once: the hash ends here). */
        abstract String hex();

        /** {@code out}, hashing every byte written to it on the way. */
        OutputStream tee(OutputStream out) {
            return new FilterOutputStream(out) {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    update(b, off, len);
                    out.write(b, off, len);
                }
            };
        }
    }
}
