package dev.mzsh.commands;

import dev.mzsh.kmap.Quantity;
import dev.mzsh.machine.SharedDirectory;
import dev.mzsh.memorizer.KmapFiles;
import dev.mzsh.memorizer.KmapTransport;
import dev.mzsh.memorizer.Memorizer;
import dev.mzsh.memorizer.Mode;
import dev.mzsh.memorizer.VerifiedCopy;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

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
        if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
            throw new CommandFailedException(
                    verb + " --to " + to + ": the file exists and mzsh never overwrites;" + " give a new name");
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

    /** Where a verified copy gets its name. */
    private interface Publisher {
        Path publish(SharedDirectory share, VerifiedCopy c) throws IOException;
    }

    /** Copies kmap to {@code to} or the next kmap-NNN.kmap of the run directory; returns the file. */
    Path dump(Memorizer m, Optional<Path> to) throws IOException, InterruptedException {
        Path runDir = ctx.session().run().path();
        return dump(
                m,
                (share, c) -> {
                    if (to.isPresent()) {
                        KmapFiles.publish(share, c, to.get());
                        return to.get();
                    }
                    return KmapFiles.publishNumbered(share, c, runDir);
                },
                null);
    }

    /**
     * Copies kmap to {@code piece}, a hidden file of the run directory that is joined with the
     * drained pieces afterwards (experiment --drain); reported as "final dump".
     */
    Path dumpPiece(Memorizer m, Path piece) throws IOException, InterruptedException {
        return dump(
                m,
                (share, c) -> {
                    KmapFiles.publish(share, c, piece);
                    return piece;
                },
                "final dump");
    }

    /** @param label what the report line names instead of the file, or null for the file */
    private Path dump(Memorizer m, Publisher publisher, String label) throws IOException, InterruptedException {
        Path runDir = ctx.session().run().path();
        KmapTransport transport = new KmapTransport(m, runDir);
        SharedDirectory share = transport.landing();
        Path part = share.host().resolve(".kmap-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".part");
        Optional<Mode> before = m.lastKnownMode();
        VerifiedCopy c = transport.copy(part, this::progress);
        Path file;
        try {
            file = publisher.publish(share, c);
        } catch (FileAlreadyExistsException e) {
            throw new CommandFailedException(verb + ": " + e.getFile() + " appeared meanwhile; mzsh never overwrites;"
                    + " the copy was discarded");
        } finally {
            Files.deleteIfExists(part);
        }
        double secs = Math.max(c.took().toMillis(), 1) / 1000.0;
        ctx.report()
                .printf(
                        "%s: %s: %s in %.1f s (%s/s), %s%n",
                        verb,
                        label != null ? label : display(file),
                        Quantity.bytes(c.bytes()),
                        secs,
                        Quantity.bytes((long) (c.bytes() / secs)),
                        c.verified());
        // newest kernels switch Memorizer off when kmap is opened, v26 and older do not
        Mode now = m.mode();
        if (now.value() == 0 && before.filter(b -> b.value() != 0).isPresent()) {
            ctx.report()
                    .println(verb + ": reading kmap switched Memorizer off; mode is now " + now.describe()
                            + ". 'enable' turns it on again.");
        } else {
            ctx.report().println(verb + ": mode is now " + now.describe() + ".");
        }
        return file;
    }

    private void progress(long bytes, Duration elapsed, OptionalLong total) {
        double secs = Math.max(elapsed.toMillis(), 1) / 1000.0;
        double rate = bytes / secs;
        String of = "";
        if (total.isPresent() && total.getAsLong() > 0) {
            long left = Math.max(total.getAsLong() - bytes, 0);
            of = String.format(
                    " of %s, about %d s left",
                    Quantity.bytes(total.getAsLong()), rate > 0 ? (long) Math.ceil(left / rate) : 0);
        }
        ctx.err().printf("%s: %s copied (%s/s)%s...%n", verb, Quantity.bytes(bytes), Quantity.bytes((long) rate), of);
    }

    private String display(Path file) {
        Path run = ctx.session().run().path().toAbsolutePath();
        Path abs = file.toAbsolutePath();
        return abs.startsWith(run)
                ? ctx.session().run().path().resolve(run.relativize(abs)).toString()
                : file.toString();
    }
}
