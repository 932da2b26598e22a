package dev.mzsh.initramfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Which cached image a recipe made, found by a stamp of everything the recipe reads (sources
 * and binaries by size, time and identity, as make does). A run whose recipe is unchanged
 * takes that image without building the sim module or copy tool, resolving modules or
 * checking each layer: for a restored guest those cost more than the restore itself.
 */
final class RecipeIndex {
    static final String PREFIX = "recipe-";
    private final Path dir;

    RecipeIndex(Path dir) {
        this.dir = dir;
    }

    /**
     * What a recipe made: the image's file name in the cache, its size, CRC-32 and SHA-256
     * when it was recorded (after a check against its seal), and the modules the kernel lacked.
     */
    record Entry(String imageName, long size, long crc32, String sha256, List<String> unknownModules) {
        Entry {
            if (!imageName.matches("initrd-[0-9a-f-]+\\.[a-z0-9.]+") || !sha256.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("not an image record: " + imageName + " " + sha256);
            }
            unknownModules = List.copyOf(unknownModules);
        }

        String text() {
            return imageName + "\n" + size + "\n" + crc32 + "\n" + sha256 + "\n" + String.join(" ", unknownModules)
                    + "\n";
        }

        static Optional<Entry> parse(List<String> lines) {
            if (lines.size() != 5) {
                return Optional.empty();
            }
            try {
                List<String> unknown = lines.get(4).isBlank()
                        ? List.of()
                        : Arrays.asList(lines.get(4).strip().split(" "));
                return Optional.of(new Entry(
                        lines.get(0),
                        Long.parseLong(lines.get(1)),
                        Long.parseLong(lines.get(2)),
                        lines.get(3),
                        unknown));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }

    Optional<Entry> find(InputStamp recipe) throws IOException {
        Path ref = refOf(recipe);
        List<String> lines;
        try {
            lines = Files.readAllLines(ref, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        Optional<Entry> entry = Entry.parse(lines);
        if (entry.isEmpty()) {
            Files.deleteIfExists(ref); // damaged, or another version's: the next build records it anew
            return Optional.empty();
        }
        ArchiveCache.touch(ref);
        return entry;
    }

    /** Records what {@code recipe} made; published by rename, so a reader never sees half of it. */
    void remember(InputStamp recipe, Entry entry) throws IOException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + PREFIX, ".tmp");
        try {
            Files.writeString(tmp, entry.text());
            ArchiveCache.moveIntoPlace(tmp, refOf(recipe));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private Path refOf(InputStamp recipe) {
        return dir.resolve(PREFIX + recipe.key().substring(0, 24) + ".ref");
    }
}
