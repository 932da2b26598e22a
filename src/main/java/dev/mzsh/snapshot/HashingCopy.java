package dev.mzsh.snapshot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.codec.digest.DigestUtils;

/** Copies a state stream once, digesting it on the way; its byte count shows progress to a watcher. */
final class HashingCopy {
    private final MessageDigest sha = DigestUtils.getSha256Digest();
    private final AtomicLong bytes = new AtomicLong();

    /** Copies until {@code in} ends. */
    void run(ReadableByteChannel in, WritableByteChannel out) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        while (in.read(buf) >= 0) {
            buf.flip();
            sha.update(buf.duplicate());
            while (buf.hasRemaining()) {
                bytes.addAndGet(out.write(buf));
            }
            buf.clear();
        }
    }

    long bytes() {
        return bytes.get();
    }

    /** The digest of everything copied; call once, after {@link #run}. */
    String sha256() {
        return HexFormat.of().formatHex(sha.digest());
    }
}
