package dev.mzsh.memorizer;

import dev.mzsh.machine.GuestFileReader;
import dev.mzsh.machine.SharedDirectory;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A kmap copy in the share whose bytes the host counted and hashed and found equal
 * to what the guest's copier said it read.
 *
 * @param file      the copy, in the share
 * @param algorithm the hash the guest used (XXH32 from mzsh-copy, SHA-256 from BusyBox)
 */
public record VerifiedCopy(Path file, long bytes, KmapHash algorithm, String hash, Duration took) {
    /** Host-side verification reads the whole copy; it is local, so this bounds only a runaway file. */
    private static final Duration VERIFY_LIMIT = Duration.ofMinutes(30);

    /**
     * Checks {@code part} against the guest's "done BYTES HASH" line.
     *
     * @param source what the guest read, for messages
     * @throws MemorizerException when the guest reported no count and hash, or the copy differs
     */
    static VerifiedCopy check(
            SharedDirectory share, Path part, GuestCopyReport report, String source, long startedNanos)
            throws IOException {
        String[] guest = report.done();
        KmapHash algorithm = guest == null ? null : KmapHash.ofHex(guest[2]);
        if (algorithm == null || !guest[1].matches("[0-9]{1,19}")) {
            throw new MemorizerException("the guest reported no byte count and hash for " + source + " ('"
                    + report.text().strip() + "')");
        }
        long guestBytes = Long.parseLong(guest[1]);
        String guestHash = guest[2];
        long hostBytes;
        String hostHash;
        try (FileChannel ch = new GuestFileReader(share.host(), VERIFY_LIMIT).open(part)) {
            hostBytes = ch.size();
            hostHash = algorithm.hash(ch);
        }
        if (hostBytes != guestBytes || !hostHash.equals(guestHash)) {
            throw new MemorizerException("the copy of " + source + " does not match: guest read " + guestBytes
                    + " bytes " + algorithm.label() + " " + guestHash + ", host got " + hostBytes + " bytes "
                    + algorithm.label() + " " + hostHash + "; nothing was kept");
        }
        return new VerifiedCopy(
                part, hostBytes, algorithm, hostHash, Duration.ofNanos(System.nanoTime() - startedNanos));
    }

    /** "verified (xxh32 HASH)", the hash cut to 16 digits, as the verbs report it. */
    public String verified() {
        return "verified (" + algorithm.label() + " " + hash.substring(0, Math.min(16, hash.length())) + ")";
    }
}
