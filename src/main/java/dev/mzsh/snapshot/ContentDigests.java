package dev.mzsh.snapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * SHA-256 digests of large files that rarely change (kernel images), remembered with the
 * file's stamp (size, times, identity; see {@link GuestMemory#stamp}): every run's snapshot
 * key names the kernel by content, and reading a 10-50 MB image again each time costs more
 * than a restore's own checks. A rebuilt or replaced file has another stamp and is read again.
 */
public final class ContentDigests implements SnapshotKey.Digests {
    private final Path dir;

    /** @param dir where the remembered digests live (the user's cache, never a guest's share) */
    public ContentDigests(Path dir) {
        this.dir = dir;
    }

    @Override
    public String sha256(Path file) throws IOException {
        Path abs = file.toAbsolutePath().normalize();
        Path entry = dir.resolve(DigestUtils.sha256Hex(abs.toString()).substring(0, 32));
        String stamp = GuestMemory.stamp(abs);
        try {
            List<String> known = Files.readAllLines(entry, StandardCharsets.UTF_8);
            if (known.size() == 3
                    && known.get(0).equals(abs.toString())
                    && known.get(1).equals(stamp)
                    && known.get(2).matches("[0-9a-f]{64}")) {
                return known.get(2);
            }
        } catch (NoSuchFileException e) {
            // first time this file is asked for
        }
        String digest = SnapshotKey.contentDigest(abs);
        if (!GuestMemory.stamp(abs).equals(stamp)) {
            return digest; // changed while read: use what was read, remember nothing
        }
        remember(entry, abs + "\n" + stamp + "\n" + digest + "\n");
        return digest;
    }

    private void remember(Path entry, String text) throws IOException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".digest-", ".tmp");
        try {
            Files.writeString(tmp, text);
            Files.move(tmp, entry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
