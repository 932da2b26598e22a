package dev.mzsh.bats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The host's bats-core laid out as its launcher expects it (ROOT/bin/bats finds
 * ROOT/libexec/bats-core and ROOT/lib/bats-core), to upload to a machine that has none.
 */
public final class BatsCopy {
    /** The launcher inside the copy, relative to its root. */
    public static final String LAUNCHER = "bin/bats";

    private static final List<String> TREES = List.of("libexec/bats-core", "lib/bats-core");

    private BatsCopy() {}

    /**
     * Copies bats-core from beside {@code hostBats} (e.g. /usr/bin/bats: root /usr) into {@code into}.
     *
     * @throws IOException naming what is missing when the host's bats is not laid out that way
     */
    public static Path stage(Path hostBats, Path into) throws IOException {
        Path launcher = hostBats.toRealPath();
        Path root = launcher.getParent().getParent();
        copyFile(launcher, into.resolve(LAUNCHER));
        for (String tree : TREES) {
            Path from = root.resolve(tree);
            if (!Files.isDirectory(from)) {
                throw new IOException("the host's bats has no " + from + " beside " + launcher);
            }
            try (Stream<Path> files = Files.walk(from)) {
                for (Path f : files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                        .toList()) {
                    copyFile(f, into.resolve(tree).resolve(from.relativize(f).toString()));
                }
            }
        }
        return into;
    }

    private static void copyFile(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
    }
}
