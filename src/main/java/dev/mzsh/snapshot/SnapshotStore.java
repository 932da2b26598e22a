package dev.mzsh.snapshot;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;

/**
 * The snapshot cache: one directory per key ({@code KEYHEX/state}, {@code KEYHEX/memory},
 * {@code KEYHEX/console.log} and {@code KEYHEX/seal.properties}), in the user's cache, never shared with a guest.
 * The memory file counts at its full size (the guest's RAM), though most of it is holes.
 * A snapshot is written in a private temporary directory and renamed into place whole,
 * so readers never see a half-written one; two runs that save the same key keep the
 * first. Bounded by count and bytes, least recently used out first.
 */
public final class SnapshotStore {
    private static final String TMP_PREFIX = ".tmp-";
    private final Path root;
    private final int keep;
    private final long maxBytes;

    /**
     * @param keep     snapshots kept at most
     * @param maxBytes state and memory bytes kept at most (the newest snapshot is kept even when larger)
     */
    public SnapshotStore(Path root, int keep, long maxBytes) {
        this.root = root;
        this.keep = keep;
        this.maxBytes = maxBytes;
    }

    public Path root() {
        return root;
    }

    /** The snapshot for {@code key}, checked against its seal (size here; the digest while restoring). */
    public Lookup find(SnapshotKey key) {
        Path dir = root.resolve(key.hex());
        if (!Files.isDirectory(dir)) {
            return new Lookup.Missing();
        }
        Seal seal;
        try {
            seal = Seal.read(dir);
        } catch (NoSuchFileException e) {
            return new Lookup.Refused("it has no seal");
        } catch (IOException e) {
            return new Lookup.Refused(e.getMessage());
        }
        if (!seal.key().equals(key)) {
            return new Lookup.Refused(
                    "it was made for another guest (key " + seal.key().shortName() + ")");
        }
        Snapshot s = new Snapshot(dir, seal);
        try {
            long size = Files.size(s.state());
            if (size != seal.size()) {
                return new Lookup.Refused("its state file has " + size + " bytes, sealed with " + seal.size());
            }
        } catch (IOException e) {
            return new Lookup.Refused("its state file cannot be read: " + e.getMessage());
        }
        try {
            if (!GuestMemory.stamp(s.memory()).equals(seal.memoryStamp())) {
                return new Lookup.Refused("its memory file changed after it was saved");
            }
        } catch (IOException e) {
            return new Lookup.Refused("its memory file cannot be read: " + e.getMessage());
        }
        return new Lookup.Found(s);
    }

    /** A new private directory for a snapshot being written; {@link #publish} moves it into place. */
    public Path newWorkDir() throws IOException {
        Files.createDirectories(root);
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
        return Files.createTempDirectory(root, TMP_PREFIX);
    }

    /** The memory file of a snapshot being written in {@code work} (see {@link GuestMemory}). */
    public static Path memoryIn(Path work) {
        return work.resolve(Snapshot.MEMORY);
    }

    /** The stamp to seal the memory file in {@code work} with, taken once its QEMU has exited. */
    public static String memoryStamp(Path work) throws IOException {
        return GuestMemory.stamp(memoryIn(work));
    }

    /**
     * Seals the state in {@code work} and renames it into place. With {@code replace}, an
     * existing snapshot of the key gives way (--cold refreshes it); otherwise the one already
     * there wins and {@code work} is deleted.
     */
    public Snapshot publish(Path work, Seal seal, boolean replace) throws IOException {
        seal.write(work);
        Path dir = root.resolve(seal.key().hex());
        if (replace && Files.isDirectory(dir)) {
            Path old = Files.createTempDirectory(root, TMP_PREFIX);
            Files.delete(old);
            try {
                Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
                FileUtils.deleteDirectory(old.toFile());
            } catch (NoSuchFileException e) {
                // another run replaced it first
            }
        }
        try {
            Files.move(work, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileSystemException e) {
            // rename(2) onto a non-empty directory: another run published this key first
            FileUtils.deleteDirectory(work.toFile());
            Lookup l = find(seal.key());
            if (l instanceof Lookup.Found f) {
                return f.snapshot();
            }
            throw new IOException("another snapshot of this guest appeared at " + dir + " and cannot be used");
        }
        prune();
        return new Snapshot(dir, seal);
    }

    /** Discards a work directory that will not be published. */
    public void discard(Path work) {
        try {
            FileUtils.deleteDirectory(work.toFile());
        } catch (IOException ignored) {
            // a leftover .tmp- directory is removed by the next clear
        }
    }

    /** Marks a snapshot as just used, so pruning keeps it longest. */
    public void touch(Snapshot s) {
        try {
            Files.setLastModifiedTime(s.dir(), FileTime.from(Instant.now()));
        } catch (IOException ignored) {
            // only the pruning order suffers
        }
    }

    /** Every sealed snapshot, most recently used first. */
    public List<Snapshot> list() throws IOException {
        List<Snapshot> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                if (d.getFileName().toString().startsWith(TMP_PREFIX)) {
                    continue;
                }
                try {
                    out.add(new Snapshot(d, Seal.read(d)));
                } catch (IOException e) {
                    // unsealed or damaged: not a snapshot; clear removes it
                }
            }
        }
        out.sort(Comparator.comparing(SnapshotStore::lastUsed).reversed());
        return out;
    }

    /** Removes every snapshot and leftover; returns how many snapshots there were. */
    public int clear() throws IOException {
        int n = list().size();
        if (Files.isDirectory(root)) {
            FileUtils.cleanDirectory(root.toFile());
        }
        return n;
    }

    /** Keeps at most {@code keep} snapshots and {@code maxBytes} of state, least recently used out first. */
    void prune() throws IOException {
        dropUnsealed();
        long bytes = 0;
        int kept = 0;
        for (Snapshot s : list()) {
            bytes += s.seal().size() + s.seal().memorySize();
            if (kept > 0 && (kept >= keep || bytes > maxBytes)) {
                FileUtils.deleteDirectory(s.dir().toFile());
            } else {
                kept++;
            }
        }
    }

    /**
     * Deletes published directories whose seal cannot be read (damaged, or of an older snapshot
     * format): no lookup would use them, and only this frees their space.
     */
    private void dropUnsealed() throws IOException {
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                if (d.getFileName().toString().startsWith(TMP_PREFIX)) {
                    continue;
                }
                try {
                    Seal.read(d);
                } catch (IOException e) {
                    FileUtils.deleteDirectory(d.toFile());
                }
            }
        }
    }

    private static FileTime lastUsed(Snapshot s) {
        try {
            return Files.getLastModifiedTime(s.dir());
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
