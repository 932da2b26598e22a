package dev.mzsh.session;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.stream.Stream;

/**
 * Where one run's files land. Never reused: a new run never writes into an older run's directory.
 * The guest sees only {@link #shared()} (over 9p); everything the host writes for the user
 * lives beside it, where the guest cannot reach.
 */
public final class RunDirectory {
    /** The subdirectory exported to the guest. */
    public static final String SHARED = "guest";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private final Path path;

    private RunDirectory(Path path) throws IOException {
        this.path = path;
        Files.createDirectory(path.resolve(SHARED));
    }

    /** The only part of the run directory the guest sees: its output while commands run. */
    public Path shared() {
        return path.resolve(SHARED);
    }

    public Path path() {
        return path;
    }

    public Path file(String name) {
        return path.resolve(name);
    }

    /** Everything the guest printed on its serial console. */
    public Path consoleLog() {
        return path.resolve("console.log");
    }

    /** A fresh {@code BASE/<yyyymmdd-HHMMSS>[-n]}; creation is atomic, so two runs in one second differ. */
    public static RunDirectory createUnder(Path base, LocalDateTime now) throws IOException {
        Files.createDirectories(base);
        String stamp = STAMP.format(now);
        for (int n = 1; ; n++) {
            Path p = base.resolve(n == 1 ? stamp : stamp + "-" + n);
            try {
                Files.createDirectory(p);
                return new RunDirectory(p.toAbsolutePath());
            } catch (FileAlreadyExistsException e) {
                // taken by another run; try the next suffix
            }
        }
    }

    /** Exactly {@code dir}, which must not exist or be empty. */
    public static RunDirectory exactly(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    throw new DirectoryNotEmptyException(
                            dir + " is not empty; give --run-dir a new or empty directory");
                }
            }
        } else if (Files.exists(dir)) {
            throw new FileAlreadyExistsException(dir + " exists and is not a directory");
        }
        Files.createDirectories(dir);
        return new RunDirectory(dir.toAbsolutePath());
    }
}
