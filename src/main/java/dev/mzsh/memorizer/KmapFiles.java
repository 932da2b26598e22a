package dev.mzsh.memorizer;

import dev.mzsh.machine.GuestFileException;
import dev.mzsh.machine.GuestFileReader;
import dev.mzsh.machine.SharedDirectory;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Final names for kmaps: numbered in the run directory, never overwriting anything.
 * A kmap arrives in the guest's share; publishing copies it out of the share (the
 * guest may still hold the part open, or a hard link to it), so the published file
 * is the host's own and holds exactly the verified bytes.
 */
public final class KmapFiles {
    private static final Pattern NUMBERED = Pattern.compile("kmap-(\\d+)\\.kmap");
    /** Host-side copying runs far faster than this; the time limit of a publish scales with the size. */
    private static final long SLOWEST_BYTES_PER_SECOND = 20L << 20;

    private KmapFiles() {}

    /** What a published copy must be: its size and sha256, when known (a stream capture has none). */
    public record Expected(long bytes, Optional<String> sha256) {
        public static Expected verified(long bytes, String sha256) {
            return new Expected(bytes, Optional.of(sha256));
        }
    }

    /** Copies a verified part from the share to the next free {@code kmap-NNN.kmap} in {@code dir}. */
    public static Path publishNumbered(SharedDirectory share, Path part, Expected expected, Path dir)
            throws IOException {
        for (int n = highestNumber(dir) + 1; ; n++) {
            Path target = dir.resolve(String.format("kmap-%03d.kmap", n));
            try {
                publish(share, part, expected, target);
                return target;
            } catch (FileAlreadyExistsException e) {
                // someone took this number meanwhile: try the next
            }
        }
    }

    /**
     * Gives a copy of {@code part} (a guest file in {@code share}, read through its safe
     * reader) the name {@code target} without ever replacing a file: a hard link fails
     * when the name exists (rename(2) would overwrite it). The part is deleted afterwards.
     *
     * @throws GuestFileException when the part is not a regular file, or not the expected bytes
     */
    public static void publish(SharedDirectory share, Path part, Expected expected, Path target) throws IOException {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        Path beside = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".part");
        try {
            String sha = copyOut(share, part, expected, beside);
            if (expected.sha256().isPresent() && !expected.sha256().get().equals(sha)) {
                throw new GuestFileException(part + " changed after it was verified (sha256 " + sha + ", verified "
                        + expected.sha256().get() + "); nothing was kept");
            }
            try {
                Files.createLink(target, beside);
            } catch (FileAlreadyExistsException e) {
                throw e;
            } catch (IOException | UnsupportedOperationException e) {
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    throw new FileAlreadyExistsException(target.toString());
                }
                Files.move(beside, target);
            }
        } finally {
            Files.deleteIfExists(beside);
        }
        Files.deleteIfExists(part);
    }

    private static String copyOut(SharedDirectory share, Path part, Expected expected, Path to) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long limit = expected.bytes() < 0 ? Long.MAX_VALUE : expected.bytes();
        long size = expected.bytes() >= 0 ? expected.bytes() : Files.readAttributes(part,
                java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).size();
        Duration time = Duration.ofSeconds(60 + size / SLOWEST_BYTES_PER_SECOND);
        GuestFileReader files = new GuestFileReader(share.host(), time);
        try (OutputStream o = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(to,
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 20), md)) {
            long n = files.copy(part, o, limit);
            if (expected.bytes() >= 0 && n != expected.bytes()) {
                throw new GuestFileException(part + " has " + n + " bytes, " + expected.bytes()
                        + " were verified; nothing was kept");
            }
        }
        return HexFormat.of().formatHex(md.digest());
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
