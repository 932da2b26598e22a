package dev.mzsh.memorizer;

import dev.mzsh.machine.SharedDirectory;
import java.io.IOException;
import java.nio.file.Path;

/**
 * How a kmap leaves the machine: through the 9p share where it has one (QEMU:
 * {@link KmapShareCopy}, {@link KmapShareStream}), else over the SSH connection into the run
 * directory ({@link KmapSshDownload}, {@link KmapSshStream}). The one place that chooses.
 */
public final class KmapTransport {
    private final Memorizer memorizer;
    private final Path runDir;

    public KmapTransport(Memorizer memorizer, Path runDir) {
        this.memorizer = memorizer;
        this.runDir = runDir;
    }

    /**
     * Where a copy lands before it is published: the share's host side, or the run directory
     * (then read through the same checks as a share's file).
     */
    public SharedDirectory landing() {
        return memorizer.target().share().orElse(new SharedDirectory(runDir, runDir.toString()));
    }

    /** Copies the kmap into {@code part} (in {@link #landing()}), verified. */
    public VerifiedCopy copy(Path part, KmapShareCopy.Progress progress) throws IOException, InterruptedException {
        return memorizer.target().share().isPresent()
                ? new KmapShareCopy(memorizer).copy(part, progress)
                : new KmapSshDownload(memorizer).copy(part, progress);
    }

    /** Starts capturing kmap_stream in the background into the run directory. */
    public StreamCapture stream() throws IOException, InterruptedException {
        return memorizer.target().share().isPresent()
                ? KmapShareStream.start(memorizer, runDir)
                : KmapSshStream.start(memorizer, runDir);
    }
}
