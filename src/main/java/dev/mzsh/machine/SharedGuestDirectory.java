package dev.mzsh.machine;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/** A {@link GuestDirectory} inside the guest's share: files are written on the host, under fresh names only. */
final class SharedGuestDirectory implements GuestDirectory {
    private final SharedDirectory share;
    private final Path dir;

    SharedGuestDirectory(SharedDirectory share, Path dir) {
        this.share = share;
        this.dir = dir;
    }

    @Override
    public String path() {
        return share.guestPath(dir);
    }

    @Override
    public void upload(Path hostDir, String name) throws IOException {
        Path to = dir.resolve(name);
        Files.walkFileTree(hostDir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                share.createDirectory(to.resolve(hostDir.relativize(d).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    share.writeNew(
                            to.resolve(hostDir.relativize(f).toString()),
                            Files.readAllBytes(f),
                            Files.getPosixFilePermissions(f));
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    @Override
    public void write(String name, byte[] content, boolean executable) throws IOException {
        share.writeNew(
                dir.resolve(name), content, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
    }

    /** The share is part of the run directory: what ran stays there to look at. */
    @Override
    public void close() {}
}
