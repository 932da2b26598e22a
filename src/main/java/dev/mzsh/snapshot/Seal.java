package dev.mzsh.snapshot;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

/**
 * What a snapshot was when it was saved: checked before and while it is restored.
 *
 * @param key      the key it was saved under (a snapshot found under another key is refused)
 * @param size     bytes of the state file
 * @param sha256   digest of the state file
 * @param created  when it was saved
 * @param coldBoot how long the cold boot it replaces took, QEMU start to the ready point
 * @param release  the guest kernel's release (for listings)
 * @param consoleSha256 digest of the boot console saved beside the state
 * @param memorySize bytes of the guest memory file (the guest's RAM, mostly holes)
 * @param memoryStamp the memory file's {@link GuestMemory#stamp} when it was sealed
 */
public record Seal(
        SnapshotKey key,
        long size,
        String sha256,
        Instant created,
        Duration coldBoot,
        String release,
        String consoleSha256,
        long memorySize,
        String memoryStamp) {
    static final String FILE = "seal.properties";

    public Seal {
        if (size <= 0 || !sha256.matches("[0-9a-f]{64}") || !consoleSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a seal needs a size and a SHA-256");
        }
        if (memorySize <= 0 || memoryStamp.isBlank()) {
            throw new IllegalArgumentException("a seal needs the memory file's size and stamp");
        }
    }

    static Seal read(Path dir) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(dir.resolve(FILE), StandardCharsets.UTF_8)) {
            p.load(r);
        }
        try {
            return new Seal(
                    new SnapshotKey(p.getProperty("key", "")),
                    Long.parseLong(p.getProperty("size", "0")),
                    p.getProperty("sha256", ""),
                    Instant.ofEpochMilli(Long.parseLong(p.getProperty("created", "0"))),
                    Duration.ofMillis(Long.parseLong(p.getProperty("coldBootMillis", "0"))),
                    p.getProperty("release", "?"),
                    p.getProperty("consoleSha256", ""),
                    Long.parseLong(p.getProperty("memorySize", "0")),
                    p.getProperty("memoryStamp", ""));
        } catch (IllegalArgumentException e) {
            throw new IOException("a damaged seal in " + dir + ": " + e.getMessage());
        }
    }

    void write(Path dir) throws IOException {
        Properties p = new Properties();
        p.setProperty("key", key.hex());
        p.setProperty("size", Long.toString(size));
        p.setProperty("sha256", sha256);
        p.setProperty("created", Long.toString(created.toEpochMilli()));
        p.setProperty("coldBootMillis", Long.toString(coldBoot.toMillis()));
        p.setProperty("release", release);
        p.setProperty("consoleSha256", consoleSha256);
        p.setProperty("memorySize", Long.toString(memorySize));
        p.setProperty("memoryStamp", memoryStamp);
        try (Writer w = Files.newBufferedWriter(dir.resolve(FILE), StandardCharsets.UTF_8)) {
            p.store(w, "mzsh ready-guest snapshot: checked before every restore");
        }
    }
}
