package dev.mzsh.commands;

import dev.mzsh.kmap.Quantity;
import dev.mzsh.memorizer.KmapFiles;
import dev.mzsh.memorizer.KmapTransfer;
import dev.mzsh.memorizer.Memorizer;
import dev.mzsh.target.SharedDirectory;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** dump-kmap's work, shared with experiment: copy, verify, name, report. */
final class KmapDumper {
    private final ShellContext ctx;
    private final String verb;

    KmapDumper(ShellContext ctx, String verb) {
        this.ctx = ctx;
        this.verb = verb;
    }

    /** Checks --to before anything touches kmap (reading kmap switches Memorizer off). */
    static Path checkDestination(Path to, String verb) {
        Path abs = to.toAbsolutePath().normalize();
        if (Files.exists(abs, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new CommandFailedException(verb + " --to " + to + ": the file exists and mzsh never overwrites;"
                    + " give a new name");
        }
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new CommandFailedException(verb + " --to " + to + ": directory " + dir
                    + " does not exist; create it first or give another path");
        }
        if (!Files.isWritable(dir)) {
            throw new CommandFailedException(verb + " --to " + to + ": directory " + dir + " is not writable");
        }
        return abs;
    }

    /** Copies kmap to {@code to} or the next kmap-NNN.kmap of the run directory; returns the file. */
    Path dump(Memorizer m, Optional<Path> to) throws IOException, InterruptedException {
        Path runDir = ctx.session().run().path();
        SharedDirectory share = m.target().share();
        Path part = share.host().resolve(".kmap-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".part");
        KmapTransfer.Copied c = new KmapTransfer(m).copy(part, this::progress);
        KmapFiles.Expected verified = KmapFiles.Expected.verified(c.bytes(), c.sha256());
        Path file;
        try {
            if (to.isPresent()) {
                file = to.get();
                KmapFiles.publish(share, part, verified, file);
            } else {
                file = KmapFiles.publishNumbered(share, part, verified, runDir);
            }
        } catch (FileAlreadyExistsException e) {
            throw new CommandFailedException(verb + ": " + e.getFile() + " appeared meanwhile; mzsh never overwrites;"
                    + " the copy was discarded");
        } finally {
            Files.deleteIfExists(part);
        }
        double secs = Math.max(c.took().toMillis(), 1) / 1000.0;
        ctx.report().printf("%s: %s: %s in %.1f s (%s/s), verified (sha256 %s)%n", verb, display(file),
                Quantity.bytes(c.bytes()), secs, Quantity.bytes((long) (c.bytes() / secs)),
                c.sha256().substring(0, 16));
        ctx.report().println(verb + ": reading kmap switched Memorizer off; mode is now "
                + m.mode().describe() + ". 'enable' turns it on again.");
        return file;
    }

    private void progress(long bytes, Duration elapsed) {
        double secs = Math.max(elapsed.toMillis(), 1) / 1000.0;
        ctx.err().printf("%s: %s copied (%s/s)...%n", verb, Quantity.bytes(bytes), Quantity.bytes((long) (bytes / secs)));
    }

    private String display(Path file) {
        Path run = ctx.session().run().path().toAbsolutePath();
        Path abs = file.toAbsolutePath();
        return abs.startsWith(run) ? ctx.session().run().path().resolve(run.relativize(abs)).toString() : file.toString();
    }
}
