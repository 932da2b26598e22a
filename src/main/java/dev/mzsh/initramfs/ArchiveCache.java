package dev.mzsh.initramfs;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * Archive layers stored by content hash. A layer whose inputs did not change is
 * not rebuilt; a layer is written to a temporary name and moved into place, so a
 * crash never leaves a half-written archive under a final name. Every archive is
 * sealed at build time (its size and sha256 in {@code NAME.sum}) and checked before
 * reuse: a damaged one is rebuilt with a notice, never booted.
 */
public final class ArchiveCache {
    static final String SEAL = ".sum";
    private final Path dir;
    private final Consumer<String> notices;

    public ArchiveCache(Path dir) {
        this(dir, System.err::println);
    }

    /** @param notices told (one line) when a damaged cache file is thrown away */
    public ArchiveCache(Path dir, Consumer<String> notices) {
        this.dir = dir;
        this.notices = notices;
    }

    public Path dir() {
        return dir;
    }

    /** Makes the layout only when needed. */
    @FunctionalInterface
    public interface LayoutSource {
        ArchiveLayout make() throws IOException;
    }

    /**
     * The archive for a layout whose inputs carry {@code stamp}: when an archive was
     * already built from inputs with the same stamp it is used without even making
     * the layout; otherwise as {@link #layer(String, ArchiveLayout, Compression)}.
     */
    public Layer layer(String name, InputStamp stamp, LayoutSource source, Compression compression) throws IOException {
        Path ref = dir.resolve(
                name + "-" + stamp.value("compression", compression).key().substring(0, 24) + ".ref");
        if (Files.isRegularFile(ref)) {
            String[] known = Files.readString(ref).strip().split(" ");
            Path target = dir.resolve(known[0]);
            if (known.length == 2 && intact(target)) {
                touch(ref);
                touch(target);
                return new Layer(target, known[1], true);
            }
        }
        Layer layer = layer(name, source.make(), compression);
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, name + "-", ".tmp");
        try {
            Files.writeString(tmp, layer.path().getFileName() + " " + layer.hash() + "\n");
            moveIntoPlace(tmp, ref);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return layer;
    }

    /** The archive for {@code layout}, built only when no archive with its content hash exists. */
    public Layer layer(String name, ArchiveLayout layout, Compression compression) throws IOException {
        String hash = LayoutHash.of(layout, compression.name());
        Path target = dir.resolve(name + "-" + hash.substring(0, 24) + "." + compression.suffix());
        if (intact(target)) {
            touch(target);
            return new Layer(target, hash, true);
        }
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, name + "-", ".tmp");
        try {
            try (OutputStream out = compression.wrap(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
                NewcWriter.write(layout, out);
            }
            seal(tmp, target);
            moveIntoPlace(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return new Layer(target, hash, false);
    }

    /**
     * Deletes all but the {@code keep} most recently used cache files whose
     * names start with {@code prefix}. Run directories hold hard links or copies of
     * the images they booted, so pruning never takes a file from an older run.
     */
    public void prune(String prefix, int keep) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().startsWith(prefix)
                            && !p.toString().endsWith(SEAL))
                    .sorted(Comparator.comparing(ArchiveCache::modified).reversed())
                    .toList();
        }
        for (Path old : files.subList(Math.min(keep, files.size()), files.size())) {
            Files.deleteIfExists(old);
            Files.deleteIfExists(sealOf(old));
        }
    }

    /** Marks a cache file as just used, so that pruning removes the least recently used. */
    static void touch(Path p) throws IOException {
        FileTime now = FileTime.fromMillis(System.currentTimeMillis());
        Files.setLastModifiedTime(p, now);
        if (Files.exists(sealOf(p))) {
            Files.setLastModifiedTime(sealOf(p), now);
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Whether {@code file} is in the cache as it was built: present, a regular file,
     * and of the size and sha256 recorded then. A file that exists but differs is
     * deleted, with a notice, so that the caller rebuilds it.
     */
    public boolean intact(Path file) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        Path seal = sealOf(file);
        String why = null;
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            why = "is not a regular file";
        } else if (!Files.isRegularFile(seal)) {
            why = "has no size and hash recorded";
        } else {
            String[] known = Files.readString(seal).strip().split(" ");
            if (known.length != 2
                    || !known[0].equals(Long.toString(Files.size(file)))
                    || !known[1].equals(sha256(file))) {
                why = "differs from when it was built (size or sha256)";
            }
        }
        if (why == null) {
            return true;
        }
        notices.accept("mzsh: cached initramfs " + file.getFileName() + " " + why + "; rebuilding it");
        Files.deleteIfExists(file);
        Files.deleteIfExists(seal);
        return false;
    }

    /** Records {@code built}'s size and sha256 as the seal of {@code target} (before it is moved there). */
    public static void seal(Path built, Path target) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), ".seal-", ".tmp");
        try {
            Files.writeString(tmp, Files.size(built) + " " + sha256(built) + "\n");
            moveIntoPlace(tmp, sealOf(target));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The sha256 recorded for a cache file at build time, if any. */
    public static Optional<String> sealedHash(Path file) throws IOException {
        Path seal = sealOf(file);
        if (!Files.isRegularFile(seal)) {
            return Optional.empty();
        }
        String[] known = Files.readString(seal).strip().split(" ");
        return known.length == 2 ? Optional.of(known[1]) : Optional.empty();
    }

    static Path sealOf(Path file) {
        return file.resolveSibling(file.getFileName() + SEAL);
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return DigestUtils.sha256Hex(in);
        }
    }

    /** A built (or found) layer. */
    public record Layer(Path path, String hash, boolean cached) {}
}
