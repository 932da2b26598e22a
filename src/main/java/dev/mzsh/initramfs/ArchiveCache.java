package dev.mzsh.initramfs;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Archive layers stored by content hash. A layer whose inputs did not change is
 * not rebuilt; a layer is written to a temporary name and moved into place, so a
 * crash never leaves a half-written archive under a final name.
 */
public final class ArchiveCache {
    private final Path dir;

    public ArchiveCache(Path dir) {
        this.dir = dir;
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
        Path ref = dir.resolve(name + "-" + stamp.value("compression", compression).key().substring(0, 24) + ".ref");
        if (Files.isRegularFile(ref)) {
            String[] known = Files.readString(ref).strip().split(" ");
            Path target = dir.resolve(known[0]);
            if (known.length == 2 && Files.isRegularFile(target)) {
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
        if (Files.isRegularFile(target)) {
            touch(target);
            return new Layer(target, hash, true);
        }
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, name + "-", ".tmp");
        try {
            try (OutputStream out = compression.wrap(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
                NewcWriter.write(layout, out);
            }
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
        java.util.List<Path> files;
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .sorted(java.util.Comparator.comparing(ArchiveCache::modified).reversed())
                    .toList();
        }
        for (Path old : files.subList(Math.min(keep, files.size()), files.size())) {
            Files.deleteIfExists(old);
        }
    }

    /** Marks a cache file as just used, so that pruning removes the least recently used. */
    static void touch(Path p) throws IOException {
        Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
    }

    private static java.nio.file.attribute.FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return java.nio.file.attribute.FileTime.fromMillis(0);
        }
    }

    static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A built (or found) layer. */
    public record Layer(Path path, String hash, boolean cached) {}
}
