package dev.mzsh.memorizer;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A background {@code cat kmap_stream} in the guest writing into the shared run
 * directory. kmap_stream never ends by itself, so the capture runs until
 * {@link #stop}; the host only watches the file grow.
 */
public final class KmapStreamCapture {
    private final Memorizer memorizer;
    private final Path file;
    private final long guestPid;
    private final Instant started;

    private KmapStreamCapture(Memorizer memorizer, Path file, long guestPid) {
        this.memorizer = memorizer;
        this.file = file;
        this.guestPid = guestPid;
        this.started = Instant.now();
    }

    /** Starts capturing into the next free {@code kmap-stream-NNN.kmap} of {@code runDir}. */
    public static KmapStreamCapture start(Memorizer memorizer, Path runDir) throws IOException, InterruptedException {
        if (memorizer.stream().isPresent()) {
            throw new MemorizerException("a capture already runs into " + memorizer.stream().get().file());
        }
        String stream = memorizer.abi().path(Control.KMAP_STREAM);
        Path file = reserve(runDir);
        String guestFile = memorizer.target().share().guestPath(file);
        String out;
        try {
            out = memorizer.run("cat " + stream + " > '" + guestFile + "' 2>/dev/null &\necho $!\n");
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

    /** Ends the guest's reader; the file then holds every record read so far. */
    public long stop() throws IOException, InterruptedException {
        try {
            // Wait (up to 5 s) until the reader is gone or a zombie: a reparented
            // zombie would pass kill -0 forever.
            memorizer.run("kill " + guestPid + " 2>/dev/null\nfor i in $(seq 100); do\n"
                    + "  s=$(cut -d' ' -f3 /proc/" + guestPid + "/stat 2>/dev/null)\n"
                    + "  [ -z \"$s\" ] || [ \"$s\" = Z ] && break; sleep 0.05\ndone\n");
        } finally {
            memorizer.stream(null);
        }
        return bytes();
    }
}
