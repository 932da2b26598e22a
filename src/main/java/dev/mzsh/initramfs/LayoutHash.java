package dev.mzsh.initramfs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.apache.commons.codec.digest.DigestUtils;

/** SHA-256 over a layout's paths, modes, kinds and contents: the cache key of an archive. */
public final class LayoutHash {
    /** Bumped whenever {@link NewcWriter}'s output for the same layout changes. */
    private static final String FORMAT = "mzsh-newc-1";

    private LayoutHash() {}

    public static String of(ArchiveLayout layout, String salt) throws IOException {
        MessageDigest sha = DigestUtils.getSha256Digest();
        update(sha, FORMAT + "\0" + salt + "\0");
        byte[] buf = new byte[1 << 16];
        for (Map.Entry<String, ArchiveNode> e : layout.nodes().entrySet()) {
            ArchiveNode node = e.getValue();
            update(sha, e.getKey() + "\0" + node.getClass().getSimpleName() + "\0" + node.mode() + "\0");
            if (node instanceof ArchiveNode.HostFile f) {
                try (InputStream in = Files.newInputStream(f.source())) {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        sha.update(buf, 0, n);
                    }
                }
            } else if (node instanceof ArchiveNode.Bytes b) {
                sha.update(b.data());
            } else if (node instanceof ArchiveNode.Symlink s) {
                update(sha, s.target());
            } else if (node instanceof ArchiveNode.CharDevice c) {
                update(sha, c.major() + ":" + c.minor());
            }
            update(sha, "\0");
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void update(MessageDigest sha, String s) {
        sha.update(s.getBytes(StandardCharsets.UTF_8));
    }
}
