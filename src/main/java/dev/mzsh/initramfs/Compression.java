package dev.mzsh.initramfs;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** How an archive layer is compressed. The kernel accepts gzip everywhere; none costs no decompression. */
public enum Compression {
    GZIP("cpio.gz"),
    NONE("cpio");

    private final String suffix;

    Compression(String suffix) {
        this.suffix = suffix;
    }

    public String suffix() {
        return suffix;
    }

    /** Wraps {@code out}; closing the result finishes the compressed stream. */
    public OutputStream wrap(OutputStream out) throws IOException {
        if (this == NONE) {
            return out;
        }
        // Level 1: several times faster than gzip's default 6, a little larger; the guest
        // decompresses it just as fast.
        return new GZIPOutputStream(out, 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        };
    }

    public static Compression parse(String s) {
        return switch (s.toLowerCase()) {
            case "gzip", "gz" -> GZIP;
            case "none", "cpio" -> NONE;
            default -> throw new IllegalArgumentException("unknown compression '" + s + "': use gzip or none");
        };
    }
}
