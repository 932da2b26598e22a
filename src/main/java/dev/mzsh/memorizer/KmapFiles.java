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
import java.time.Duration;
import java.util.List;
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
    /** Appended to the name of a kmap that is known to lack objects (a drain failed). */
    public static final String INCOMPLETE = ".incomplete";

    // an incomplete kmap takes its number too, so a later one never reuses it
    private static final Pattern NUMBERED = Pattern.compile("kmap-(\\d+)\\.kmap(" + Pattern.quote(INCOMPLETE) + ")?");
    /** Host-side copying runs far faster than this; the time limit of a publish scales with the size. */
    private static final long SLOWEST_BYTES_PER_SECOND = 20L << 20;

    private KmapFiles() {}

    /** Copies a verified part from the share to the next free {@code kmap-NNN.kmap} in {@code dir}. */
    public static Path publishNumbered(SharedDirectory share, VerifiedCopy copy, Path dir) throws IOException {
        for (int n = highestNumber(dir) + 1; ; n++) {
            Path target = dir.resolve(String.format("kmap-%03d.kmap", n));
            try {
                publish(share, copy, target);
                return target;
            } catch (FileAlreadyExistsException e) {
                // someone took this number meanwhile: try the next
            }
        }
    }

    /**
     * Gives a copy of the verified part (a guest file in {@code share}, read through its
     * safe reader) the name {@code target} without ever replacing a file: a hard link fails
     * when the name exists (rename(2) would overwrite it). What is copied is hashed again
     * as it is copied, so a part the guest changed after the check is caught. The part is
     * deleted afterwards.
     *
     * @throws GuestFileException when the part is not a regular file, or not the verified bytes
     */
    public static void publish(SharedDirectory share, VerifiedCopy copy, Path target) throws IOException {
        Path part = copy.file();
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        Path beside = target.resolveSibling(
                "." + target.getFileName() + "." + ProcessHandle.current().pid() + ".part");
        try {
            String hash = copyOut(share, copy, beside);
            if (!hash.equals(copy.hash())) {
                throw new GuestFileException(part + " changed after it was verified ("
                        + copy.algorithm().label() + " " + hash + ", verified " + copy.hash() + "); nothing was kept");
            }
            linkIntoPlace(beside, target);
        } finally {
            Files.deleteIfExists(beside);
        }
        Files.deleteIfExists(part);
    }

    /**
     * Gives the finished file {@code beside} its final name {@code target}, never replacing a file
     * there: a hard link where the file system has them, else a move after a check.
     */
    private static void linkIntoPlace(Path beside, Path target) throws IOException {
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
    }

    /** Copies the part to {@code to} (a new file), hashing the bytes copied; returns their hash. */
    private static String copyOut(SharedDirectory share, VerifiedCopy copy, Path to) throws IOException {
        Path part = copy.file();
        Duration time = Duration.ofSeconds(60 + copy.bytes() / SLOWEST_BYTES_PER_SECOND);
        GuestFileReader files = new GuestFileReader(share.host(), time);
        KmapHash.Hasher hasher = copy.algorithm().start();
        try (OutputStream o = hasher.tee(new BufferedOutputStream(
                Files.newOutputStream(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 20))) {
            long n = files.copy(part, o, copy.bytes());
            if (n != copy.bytes()) {
                throw new GuestFileException(
                        part + " has " + n + " bytes, " + copy.bytes() + " were verified; nothing was kept");
            }
        }
        return hasher.hex();
    }

    /**
     * Joins kmap pieces already on the host (drains and the final dump, in order) into the
     * next free {@code kmap-NNN.kmap} of {@code dir}, or {@code kmap-NNN.kmap.incomplete} when
     * {@code complete} is false. The pieces are deleted once the joined file has its name.
     */
    public static Path publishJoinedNumbered(List<Path> pieces, Path dir, boolean complete) throws IOException {
        for (int n = highestNumber(dir) + 1; ; n++) {
            Path target = dir.resolve(String.format("kmap-%03d.kmap", n) + (complete ? "" : INCOMPLETE));
            try {
                publishJoined(pieces, target);
                return target;
            } catch (FileAlreadyExistsException e) {
                // someone took this number meanwhile: try the next
            }
        }
    }

    /**
     * Joins host-side pieces into {@code target}, which must not exist: the bytes are written
     * beside it under a hidden name and only then linked to {@code target}, so a reader never
     * sees a half-joined kmap under its final name. The pieces are deleted afterwards.
     */
    public static void publishJoined(List<Path> pieces, Path target) throws IOException {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        Path beside = target.resolveSibling(
                "." + target.getFileName() + "." + ProcessHandle.current().pid() + ".part");
        try {
            try (OutputStream o = Files.newOutputStream(beside, StandardOpenOption.CREATE_NEW)) {
                for (Path p : pieces) {
                    Files.copy(p, o);
                }
            }
            linkIntoPlace(beside, target);
        } finally {
            Files.deleteIfExists(beside);
        }
        for (Path p : pieces) {
            Files.deleteIfExists(p);
        }
    }

    static int highestNumber(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> NUMBERED.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1)))
                    .max()
                    .orElse(0);
        }
    }
}
