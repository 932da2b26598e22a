package dev.mzsh.initramfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The file tree of one archive, keyed by path without a leading slash. Kept
 * sorted so that output is reproducible and every directory precedes its
 * children; parent directories are added implicitly.
 */
public final class ArchiveLayout {
    private final TreeMap<String, ArchiveNode> nodes = new TreeMap<>();

    public ArchiveLayout dir(String path) {
        return dir(path, 0755);
    }

    public ArchiveLayout dir(String path, int mode) {
        put(path, new ArchiveNode.Dir(mode));
        return this;
    }

    public ArchiveLayout file(String path, Path source, int mode) {
        put(path, new ArchiveNode.HostFile(source, mode));
        return this;
    }

    public ArchiveLayout bytes(String path, byte[] data, int mode) {
        put(path, new ArchiveNode.Bytes(data, mode));
        return this;
    }

    public ArchiveLayout symlink(String path, String target) {
        put(path, new ArchiveNode.Symlink(target));
        return this;
    }

    public ArchiveLayout charDevice(String path, int major, int minor, int mode) {
        put(path, new ArchiveNode.CharDevice(major, minor, mode));
        return this;
    }

    /** Copies a host directory tree under {@code prefix}, keeping executable bits. */
    public ArchiveLayout tree(String prefix, Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> !p.equals(root)).forEach(p -> {
                String rel = prefix + "/" + root.relativize(p).toString().replace('\\', '/');
                if (Files.isSymbolicLink(p)) {
                    try {
                        symlink(rel, Files.readSymbolicLink(p).toString());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                } else if (Files.isDirectory(p)) {
                    dir(rel);
                } else {
                    file(rel, p, Files.isExecutable(p) ? 0755 : 0644);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root + ": " + e.getMessage(), e);
        }
        return this;
    }

    public SortedMap<String, ArchiveNode> nodes() {
        return Collections.unmodifiableSortedMap(nodes);
    }

    public boolean contains(String path) {
        return nodes.containsKey(normalize(path));
    }

    private void put(String path, ArchiveNode node) {
        String p = normalize(path);
        if (p.isEmpty()) {
            return;
        }
        int slash = p.lastIndexOf('/');
        if (slash > 0 && !nodes.containsKey(p.substring(0, slash))) {
            dir(p.substring(0, slash));
        }
        nodes.put(p, node);
    }

    private static String normalize(String path) {
        String p = path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.replaceAll("/+", "/");
    }
}
