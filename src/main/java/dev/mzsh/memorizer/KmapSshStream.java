package dev.mzsh.memorizer;

import dev.mzsh.machine.ExecResult;
import dev.mzsh.machine.GuestScript;
import dev.mzsh.machine.SharedDirectory;
import dev.mzsh.machine.Target;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * kmap_stream captured over the connection of a machine without a share (SSH): one
 * background command reads kmap_stream and streams it on its stdout into a host part
 * file, hashing and counting what it read; {@link #stop} ends the reader, checks the
 * part against the machine's count and hash, and only then gives it the reserved name.
 */
public final class KmapSshStream implements StreamCapture {
    private static final Duration START_LIMIT = Duration.ofMinutes(1);
    private static final Duration FINISH_LIMIT = Duration.ofMinutes(5);

    private final Memorizer memorizer;
    private final Path file;
    private final Path part;
    private final StreamedKmap stream;
    private final CompletableFuture<ExecResult> command;
    private final long reader;
    private final String source;
    private final Instant started = Instant.now();

    private KmapSshStream(
            Memorizer memorizer,
            Path file,
            Path part,
            StreamedKmap stream,
            CompletableFuture<ExecResult> command,
            long reader,
            String source) {
        this.memorizer = memorizer;
        this.file = file;
        this.part = part;
        this.stream = stream;
        this.command = command;
        this.reader = reader;
        this.source = source;
    }

    /** The machine's side: cat kmap_stream into a FIFO (its pid on stderr), tee to stdout, sha256sum and wc. */
    static String script(String stream) {
        return KmapSshDownload.hashingTee(new GuestScript(), "cat %s > \"$d/in\" &", stream)
                .line("echo \"reader $!\" >&2")
                .line("tee \"$d/h\" \"$d/n\" < \"$d/in\"")
                .line("rc=$?; wait")
                .line("[ $rc = 0 ] || exit 1")
                .line("read s _ < \"$d/sum\"; read n < \"$d/len\"")
                .line("echo \"done $n $s\" >&2")
                .text();
    }

    /** Starts capturing into the next free {@code kmap-stream-NNN.kmap} of {@code runDir}. */
    public static KmapSshStream start(Memorizer memorizer, Path runDir) throws IOException, InterruptedException {
        if (memorizer.stream().isPresent()) {
            throw new MemorizerException(
                    "a capture already runs into " + memorizer.stream().get().file());
        }
        String source = memorizer.abi().path(Control.KMAP_STREAM);
        Path file = KmapShareStream.reserve(runDir);
        Path part = runDir.resolve(
                "." + file.getFileName() + "-" + ProcessHandle.current().pid() + ".part");
        StreamedKmap stream = new StreamedKmap(part, (b, e, t) -> {});
        Target target = memorizer.target();
        OutputStream data = stream.data();
        CompletableFuture<ExecResult> command = new CompletableFuture<>();
        Thread t = new Thread(
                () -> {
                    try {
                        command.complete(target.exec(script(source), Duration.ZERO, data, stream.report()));
                    } catch (Throwable e) {
                        command.completeExceptionally(e);
                    }
                },
                "mzsh-stream-kmap");
        t.setDaemon(true);
        t.start();
        long reader = -1;
        long end = System.nanoTime() + START_LIMIT.toNanos();
        try {
            while (reader < 0) {
                Optional<String> line = stream.reportText()
                        .lines()
                        .filter(l -> l.matches("reader [0-9]{1,10}"))
                        .findFirst();
                if (line.isPresent()) {
                    reader = Long.parseLong(line.get().substring(7));
                } else if (command.isDone() || System.nanoTime() > end) {
                    ExecResult r = command.isDone() ? result(command) : null;
                    throw new MemorizerException("the kmap_stream reader did not start"
                            + (r == null
                                    ? " within " + START_LIMIT.toSeconds() + " s"
                                    : " (" + stream.reportText().strip() + ")"));
                } else {
                    Thread.sleep(20);
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            stream.close();
            Files.deleteIfExists(part);
            Files.deleteIfExists(file);
            throw e;
        }
        KmapSshStream c = new KmapSshStream(memorizer, file, part, stream, command, reader, source);
        memorizer.stream(c);
        return c;
    }

    private static ExecResult result(CompletableFuture<ExecResult> command) throws IOException, InterruptedException {
        try {
            return command.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public long bytes() throws IOException {
        return command.isDone() && !Files.exists(part) ? Files.size(file) : stream.bytes();
    }

    @Override
    public Duration running() {
        return Duration.between(started, Instant.now());
    }

    @Override
    public VerifiedCopy stop() throws IOException, InterruptedException {
        boolean kept = false;
        try {
            memorizer
                    .target()
                    .exec(
                            "kill " + reader + " 2>/dev/null; exit 0",
                            Duration.ofMinutes(1),
                            OutputStream.nullOutputStream(),
                            OutputStream.nullOutputStream());
            ExecResult r;
            try {
                r = command.get(FINISH_LIMIT.toSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new MemorizerException("the kmap_stream capture did not end within " + FINISH_LIMIT.toSeconds()
                        + " s of stopping its reader; nothing was kept");
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            }
            stream.close();
            VerifiedCopy c = stream.verify(part, source, r);
            // the reserved (empty) name is mzsh's own: it gets the verified copy, re-hashed on the way
            Files.deleteIfExists(file);
            Path runDir = file.toAbsolutePath().getParent();
            KmapFiles.publish(new SharedDirectory(runDir, runDir.toString()), c, file);
            kept = true;
            return c;
        } finally {
            memorizer.stream(null);
            stream.close();
            Files.deleteIfExists(part);
            if (!kept) {
                Files.deleteIfExists(file);
            }
        }
    }
}
