package dev.mzsh.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.codec.digest.DigestUtils;

/** The cache key of things built from sources: SHA-256 over the files' names and bytes. */
final class SourceHash {
    private SourceHash() {}

    static String of(List<Path> files) throws IOException {
        MessageDigest sha = DigestUtils.getSha256Digest();
        for (Path f : files) {
            sha.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(Files.readAllBytes(f));
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
