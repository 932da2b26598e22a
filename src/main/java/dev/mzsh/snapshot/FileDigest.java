package dev.mzsh.snapshot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.apache.commons.codec.digest.DigestUtils;

/** The SHA-256 of an open file, read by position: another reader of the same channel is not disturbed. */
final class FileDigest {
    private FileDigest() {}

    static String sha256(FileChannel file) throws IOException {
        MessageDigest sha = DigestUtils.getSha256Digest();
        // A heap buffer: the digest reads its array directly (a direct one is copied in 4 KB pieces).
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        long pos = 0;
        for (int n; (n = file.read(buf, pos)) > 0; pos += n) {
            sha.update(buf.array(), 0, n);
            buf.clear();
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
