package dev.mzsh.machine;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;

/**
 * Opens files the guest wrote, for the host. Guest root controls every name in the
 * share, so a name may be a symlink to a host file, a FIFO that blocks a reader
 * forever, a device node, or a file that never stops growing. This is the one place
 * that opens such files: {@code open(2)} with {@code O_NOFOLLOW|O_NONBLOCK} (neither
 * a link nor a FIFO can redirect or block it), then the opened file itself must be a
 * regular file inside the shared directory; reads are bounded in bytes and time.
 * Every refusal is a {@link GuestFileException} naming the file.
 */
public final class GuestFileReader {
    /** A read of a guest file taking longer than this is given up (a regular file never needs it). */
    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(60);

    private static final int O_RDONLY = 0;
    private static final int O_NONBLOCK = 04000;
    private static final int O_CLOEXEC = 02000000;
    /** Linux's value differs between architectures. */
    private static final int O_NOFOLLOW = Platform.isARM() ? 0100000 : 0400000;

    private static final int ENOENT = 2;
    private static final int ELOOP = 40;

    private interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int open(String path, int flags) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private final Path root;
    private final Duration timeLimit;

    /** Reads files under {@code root} (the host side of the share), each within {@link #DEFAULT_TIME_LIMIT}. */
    public GuestFileReader(Path root) {
        this(root, DEFAULT_TIME_LIMIT);
    }

    public GuestFileReader(Path root, Duration timeLimit) {
        this.root = root.toAbsolutePath().normalize();
        this.timeLimit = timeLimit;
    }

    /**
     * Opens {@code file} for reading: a NoSuchFileException when it does not exist
     * (yet), a GuestFileException when it is anything but a regular file under the root.
     */
    public FileChannel open(Path file) throws IOException {
        Path abs = file.toAbsolutePath().normalize();
        if (!abs.startsWith(root)) {
            throw new GuestFileException(file + " is not inside the guest's share " + root);
        }
        int fd;
        try {
            fd = LibC.INSTANCE.open(abs.toString(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == ENOENT) {
                throw new NoSuchFileException(file.toString());
            }
            if (e.getErrorCode() == ELOOP) {
                throw new GuestFileException(file + " is a symbolic link the guest made; mzsh does not follow it");
            }
            throw new GuestFileException("cannot open guest file " + file + ": errno " + e.getErrorCode());
        }
        try {
            // /proc/self/fd/N is the opened file itself, whatever its name means by now.
            Path self = Path.of("/proc/self/fd/" + fd);
            BasicFileAttributes a = Files.readAttributes(self, BasicFileAttributes.class);
            if (!a.isRegularFile()) {
                throw new GuestFileException(file + " is " + kind(a) + ", not a regular file; mzsh reads only "
                        + "regular files from the guest");
            }
            Path real = self.toRealPath();
            if (!real.startsWith(root.toRealPath())) {
                throw new GuestFileException(file + " leads outside the guest's share (to " + real + ")");
            }
            return FileChannel.open(self, StandardOpenOption.READ);
        } finally {
            LibC.INSTANCE.close(fd);
        }
    }

    /** The whole file, at most {@code maxBytes}; a longer file is refused, not cut. */
    public byte[] readAll(Path file, long maxBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        copy(file, out, maxBytes);
        return out.toByteArray();
    }

    public String readString(Path file, long maxBytes) throws IOException {
        return new String(readAll(file, maxBytes), StandardCharsets.UTF_8);
    }

    /** Copies the whole file to {@code out}; returns the bytes copied. More than {@code maxBytes} is refused. */
    public long copy(Path file, OutputStream out, long maxBytes) throws IOException {
        long deadline = System.nanoTime() + timeLimit.toNanos();
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        long total = 0;
        try (FileChannel ch = open(file)) {
            for (int n; (n = ch.read(buf.clear())) > 0; ) {
                total += n;
                if (total > maxBytes) {
                    throw new GuestFileException(
                            file + " is larger than the " + maxBytes + " bytes mzsh reads from it");
                }
                out.write(buf.array(), 0, n);
                if (System.nanoTime() > deadline) {
                    throw new GuestFileException(
                            "reading " + file + " took more than " + timeLimit.toSeconds() + " s; given up");
                }
            }
        }
        return total;
    }

    private static String kind(BasicFileAttributes a) {
        if (a.isDirectory()) {
            return "a directory";
        }
        if (a.isSymbolicLink()) {
            return "a symbolic link";
        }
        return "a FIFO, socket or device node";
    }
}
