package dev.mzsh.memorizer;

import dev.mzsh.target.GuestFileReader;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A background reader of kmap_stream in the guest writing into the shared run
 * directory. kmap_stream never ends by itself, so the capture runs until
 * {@link #stop}; the host only watches the file grow. The reader is mzsh-copy
 * in stream mode (big writes, and at SIGTERM the count and XXH32 of what it
 * read, so the capture is verified like a dump), or {@code cat} on an image
 * without it (not verified).
 */
public final class KmapStreamCapture {
    private final Memorizer memorizer;
    private final Path file;
    private final long guestPid;
    private final Instant started;
    private final Path sumFile;
    private volatile String verified = "not verified (the guest image has no mzsh-copy)";

    private KmapStreamCapture(Memorizer memorizer, Path file, long guestPid) {
        this.memorizer = memorizer;
        this.file = file;
        this.guestPid = guestPid;
        this.started = Instant.now();
        this.sumFile = sumFile(file);
    }

    private static Path sumFile(Path file) {
        return file.resolveSibling("." + file.getFileName() + ".sum");
    }

    /** Starts capturing into the next free {@code kmap-stream-NNN.kmap} of {@code runDir}. */
    public static KmapStreamCapture start(Memorizer memorizer, Path runDir) throws IOException, InterruptedException {
        if (memorizer.stream().isPresent()) {
            throw new MemorizerException("stream-kmap: a capture already runs into "
                    + memorizer.stream().get().file() + "; 'stream-kmap stop' ends it");
        }
        String stream = memorizer.abi().path(Control.KMAP_STREAM, "stream-kmap");
        Path file = reserve(runDir);
        String guestFile = memorizer.target().share().guestPath(file);
        String guestSum = memorizer.target().share().guestPath(sumFile(file));
        String out;
        try {
            out = memorizer.run("if [ -x /sbin/mzsh-copy ]; then\n"
                    + "  /sbin/mzsh-copy -s " + stream + " '" + guestFile + "' '" + guestSum + "' 2>/dev/null &\n"
                    + "else\n  cat " + stream + " > '" + guestFile + "' 2>/dev/null &\nfi\necho $!\n",
                    "stream-kmap start");
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        KmapStreamCapture c = new KmapStreamCapture(memorizer, file, Long.parseLong(out.strip()));
        memorizer.stream(c);
        return c;
    }

    private static Path reserve(Path runDir) throws IOException {
        for (int n = 1; ; n++) {
            try {
                return Files.createFile(runDir.resolve(String.format("kmap-stream-%03d.kmap", n)));
            } catch (FileAlreadyExistsException e) {
                // taken: next number
            }
        }
    }

    public Path file() {
        return file;
    }

    public long bytes() throws IOException {
        return Files.size(file);
    }

    public Duration running() {
        return Duration.between(started, Instant.now());
    }

    /** How the capture was checked, once stopped: "verified (xxh32 H)" or why not. */
    public String verified() {
        return verified;
    }

    /**
     * Ends the guest's reader; the file then holds every record read so far. With
     * mzsh-copy the file must equal what the reader read, else a MemorizerException
     * names it (the file is kept: it is all there is of those records).
     */
    public long stop() throws IOException, InterruptedException {
        try {
            // Wait (up to 5 s) until the reader is gone or a zombie: a reparented
            // zombie would pass kill -0 forever.
            memorizer.run("kill " + guestPid + " 2>/dev/null\nfor i in $(seq 100); do\n"
                    + "  s=$(cut -d' ' -f3 /proc/" + guestPid + "/stat 2>/dev/null)\n"
                    + "  [ -z \"$s\" ] || [ \"$s\" = Z ] && break; sleep 0.05\ndone\n", "stream-kmap stop");
        } finally {
            memorizer.stream(null);
        }
        verify();
        return bytes();
    }

    private void verify() throws IOException {
        GuestFileReader reader = new GuestFileReader(memorizer.target().share().host());
        String sum;
        try {
            sum = reader.readString(sumFile, 256).strip();
        } catch (NoSuchFileException e) {
            return;
        } finally {
            Files.deleteIfExists(sumFile);
        }
        String[] f = sum.split(" ");
        if (f.length != 3 || !f[0].equals("done") || !f[1].matches("[0-9]{1,19}") || KmapHash.ofHex(f[2]) != KmapHash.XXH32) {
            throw new MemorizerException("stream-kmap stop: the guest's reader left no count and hash ('" + sum
                    + "'); " + file + " is kept unverified");
        }
        long hostBytes;
        String hostHash;
        try (FileChannel ch = reader.open(file)) {
            hostBytes = ch.size();
            hostHash = KmapHash.XXH32.hash(ch);
        }
        if (hostBytes != Long.parseLong(f[1]) || !hostHash.equals(f[2])) {
            throw new MemorizerException("stream-kmap stop: " + file + " does not match what the guest read ("
                    + f[1] + " bytes xxh32 " + f[2] + ", host has " + hostBytes + " bytes xxh32 " + hostHash
                    + "); the file is kept but is not a faithful capture");
        }
        verified = "verified (xxh32 " + hostHash + ")";
    }
}
