package dev.mzsh.memorizer;

import dev.mzsh.machine.GuestScript;
import dev.mzsh.machine.SharedDirectory;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A background {@code cat kmap_stream} in the guest writing into the share.
 * kmap_stream never ends by itself, so the capture runs until {@link #stop}; the
 * host only watches the part grow, then copies it out of the share to its name in
 * the run directory (reserved at start, so the number is the user's to see).
 */
public final class KmapStreamCapture implements StreamCapture {
    private final Memorizer memorizer;
    private final Path file;
    private final Path part;
    private final long guestPid;
    private final Instant started;

    private KmapStreamCapture(Memorizer memorizer, Path file, Path part, long guestPid) {
        this.memorizer = memorizer;
        this.file = file;
        this.part = part;
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
        SharedDirectory share = memorizer.target().share().orElseThrow();
        Path part = share.host().resolve("." + file.getFileName() + ".part");
        String out;
        try {
            out = memorizer.run(new GuestScript().line("cat %s > %s 2>/dev/null &", stream, share.guestPath(part))
                    .line("echo $!").text());
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        long pid;
        try {
            pid = Long.parseLong(out.strip());
        } catch (NumberFormatException e) {
            Files.deleteIfExists(file);
            throw new MemorizerException("the guest gave no reader pid");
        }
        KmapStreamCapture c = new KmapStreamCapture(memorizer, file, part, pid);
        memorizer.stream(c);
        return c;
    }

    static Path reserve(Path runDir) throws IOException {
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

    /** The bytes captured so far: the part's size while it runs, the file's afterwards. */
    public long bytes() throws IOException {
        if (!Files.exists(part, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return Files.size(file);
        }
        try (var ch = memorizer.target().share().orElseThrow().reader().open(part)) {
            return ch.size();
        }
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
        // The reserved (empty) name is mzsh's own, outside the share: give it the copy.
        Files.deleteIfExists(file);
        KmapFiles.publish(memorizer.target().share().orElseThrow(), part, new KmapFiles.Expected(-1, java.util.Optional.empty()), file);
        return Files.size(file);
    }
}
