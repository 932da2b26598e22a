package dev.mzsh.memorizer;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** A kmap_stream capture running in the background until stopped: over the share (QEMU) or the connection (SSH). */
public interface StreamCapture {
    /** The run directory's file the capture ends up in (reserved at start). */
    Path file();

    /** The bytes captured so far. */
    long bytes() throws IOException;

    Duration running();

    /** Ends the reader; the file then holds every record read so far, verified. */
    VerifiedCopy stop() throws IOException, InterruptedException;

    /**
     * After the machine crashed (no reader to stop, no guest to ask): keeps in {@link #file()}
     * what reached the host and can still be verified, or nothing.
     *
     * @throws MemorizerException when nothing verifiable arrived (the reserved file is removed)
     */
    default VerifiedCopy salvage() throws IOException {
        throw new MemorizerException("a capture over SSH keeps nothing when the machine crashes");
    }
}
