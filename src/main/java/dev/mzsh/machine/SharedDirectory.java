package dev.mzsh.machine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * A host directory the target sees too (over 9p): bulk data moves as files here,
 * never through the control channel or a UART. The target may have changed any
 * name in it, so the host reads through {@link #reader()} and creates files only
 * with {@link #writeNew}: never following a link, never reusing a name.
 *
 * @param host  the directory on the host
 * @param guest the same directory's path on the target
 */
public record SharedDirectory(Path host, String guest) {
    private static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("rw-r--r--");

    /** The target's path for a file under {@link #host}. */
    public String guestPath(Path hostFile) {
        Path rel = host.toAbsolutePath()
                .normalize()
                .relativize(hostFile.toAbsolutePath().normalize());
        if (rel.startsWith("..")) {
            throw new IllegalArgumentException(hostFile + " is not inside the shared directory " + host);
        }
        return rel.toString().isEmpty() ? guest : guest + "/" + rel;
    }

    /** The safe reader for files the target wrote here. */
    public GuestFileReader reader() {
        return new GuestFileReader(host);
    }

    /** Writes {@code content} as a new file (mode 0644); see {@link #writeNew(Path, byte[], Set)}. */
    public void writeNew(Path file, byte[] content) throws IOException {
        writeNew(file, content, READABLE);
    }

    /**
     * Writes {@code content} as a new file: whatever the target left under that name
     * (a link to a host file, a FIFO) is removed first, never followed; a name the
     * target recreates meanwhile makes this fail rather than write through it.
     */
    public void writeNew(Path file, byte[] content, Set<PosixFilePermission> mode) throws IOException {
        Path abs = inside(file);
        Files.deleteIfExists(abs);
        // The mode is given at creation (umask applies): a chmod afterwards could follow a swapped-in link.
        try (SeekableByteChannel ch = Files.newByteChannel(
                abs,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(mode))) {
            ByteBuffer b = ByteBuffer.wrap(content);
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }
    }

    /** A new directory here, failing when the name exists (the target may have made it). */
    public Path createDirectory(Path dir) throws IOException {
        return Files.createDirectory(inside(dir));
    }

    private Path inside(Path file) throws IOException {
        Path abs = file.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        if (!abs.startsWith(host.toAbsolutePath().normalize()) || parent == null) {
            throw new IllegalArgumentException(file + " is not inside the shared directory " + host);
        }
        // A directory on the way that the target turned into a link would lead elsewhere.
        if (!parent.toRealPath().startsWith(host.toRealPath())) {
            throw new GuestFileException(
                    parent + " leads outside the guest's share; not writing " + file.getFileName());
        }
        return abs;
    }
}
