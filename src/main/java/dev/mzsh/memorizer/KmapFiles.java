package dev.mzsh.memorizer;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Final names for kmaps: numbered in the run directory, never overwriting anything. */
public final class KmapFiles {
    private static final Pattern NUMBERED = Pattern.compile("kmap-(\\d+)\\.kmap");

    private KmapFiles() {}

    /** Moves a verified copy to the next free {@code kmap-NNN.kmap} in {@code dir}. */
    public static Path publishNumbered(Path part, Path dir) throws IOException {
        for (int n = highestNumber(dir) + 1; ; n++) {
            Path target = dir.resolve(String.format("kmap-%03d.kmap", n));
            try {
                publish(part, target);
                return target;
            } catch (FileAlreadyExistsException e) {
                // someone took this number meanwhile: try the next
            }
        }
    }

    /**
     * Gives {@code part} the name {@code target} without ever replacing a file:
     * a hard link fails when the name exists (rename(2) would overwrite it).
     */
    public static void publish(Path part, Path target) throws IOException {
        try {
            Files.createLink(target, part);
            Files.delete(part);
            return;
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (IOException | UnsupportedOperationException e) {
            // another file system or no hard links: copy beside the target, then link there
        }
        Path beside = target.resolveSibling("." + target.getFileName() + ".part");
        Files.copy(part, beside);
        try {
            Files.createLink(target, beside);
        } catch (IOException | UnsupportedOperationException e) {
            if (Files.exists(target)) {
                throw new FileAlreadyExistsException(target.toString());
            }
            Files.move(beside, target);
        } finally {
            Files.deleteIfExists(beside);
        }
        Files.delete(part);
    }

    static int highestNumber(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> NUMBERED.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1)))
                    .max().orElse(0);
        }
    }
}
