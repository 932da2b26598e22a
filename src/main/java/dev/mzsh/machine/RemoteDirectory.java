package dev.mzsh.machine;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;

/** A temporary directory on an SSH target; files go there over SFTP, and it is removed when closed. */
final class RemoteDirectory implements GuestDirectory {
    private final SshTarget target;
    private final String path;

    RemoteDirectory(SshTarget target, String path) {
        this.target = target;
        this.path = path;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public void upload(Path hostDir, String name) throws IOException, InterruptedException {
        String to = path + "/" + name;
        try {
            Files.walkFileTree(hostDir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                    call(() -> target.mkdir(remote(to, hostDir, d)));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                    if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                        int mode = Files.isExecutable(f) ? 0755 : 0644;
                        byte[] content = Files.readAllBytes(f);
                        call(() -> target.write(remote(to, hostDir, f), content, mode));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (InterruptedWalk e) {
            throw (InterruptedException) e.getCause();
        }
    }

    private static String remote(String to, Path root, Path p) {
        String rel = root.relativize(p).toString();
        return rel.isEmpty() ? to : to + "/" + rel;
    }

    @Override
    public void write(String name, byte[] content, boolean executable) throws IOException, InterruptedException {
        target.write(path + "/" + name, content, executable ? 0755 : 0644);
    }

    /** Leaves the remote as it was found. */
    @Override
    public void close() throws IOException {
        try {
            target.exec(
                    new GuestScript().line("rm -rf -- %s", path).text(),
                    Duration.ofMinutes(2),
                    OutputStream.nullOutputStream(),
                    OutputStream.nullOutputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private interface RemoteStep {
        void run() throws IOException, InterruptedException;
    }

    /** The file walk takes no InterruptedException: it travels wrapped. */
    private static void call(RemoteStep step) throws IOException {
        try {
            step.run();
        } catch (InterruptedException e) {
            throw new InterruptedWalk(e);
        }
    }

    private static final class InterruptedWalk extends IOException {
        InterruptedWalk(InterruptedException e) {
            super(e);
        }
    }
}
