package dev.mzsh.snapshot;

import dev.mzsh.vm.QmpClient;
import dev.mzsh.vm.UnixSockets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Streams a sealed snapshot into a QEMU started with {@link #incomingArgs}, digesting it on
 * the way. The saved guest was stopped, so the loaded one stays paused until the caller
 * continues it: nothing of a snapshot runs before its digest matched its seal.
 */
public final class StateLoader {
    static final String SOCKET = "incoming.sock";
    /** Loading that moves no byte (or a QEMU that never finishes loading) for this long is given up. */
    static final Duration STALL_LIMIT = Duration.ofSeconds(20);

    private StateLoader() {}

    /**
     * The arguments that make QEMU wait for its state: {@link #load} sets the migration up
     * over QMP (QEMU's RAM comes from {@link GuestMemory}, so the stream must skip it).
     */
    public static List<String> incomingArgs() {
        return List.of("-incoming", "defer");
    }

    /** Both sides of a snapshot's stream leave the shared memory file out (QEMU's x-ignore-shared). */
    static void skipSharedMemory(QmpClient qmp) throws IOException {
        qmp.execute(
                "migrate-set-capabilities",
                Map.of("capabilities", List.of(Map.of("capability", "x-ignore-shared", "state", true))));
    }

    /**
     * Streams {@code snapshot} into QEMU and waits until QEMU has loaded it. The file is
     * digested beside the stream, from the same open file, so checking costs no time of
     * its own when QEMU is the slower; the loaded guest stays paused until both are done.
     *
     * @param alive whether QEMU still runs (a QEMU that rejects the stream exits)
     * @throws SnapshotFailedException when the stream differs from its seal or QEMU refuses it
     */
    public static void load(Snapshot snapshot, Path socketDir, QmpClient qmp, BooleanSupplier alive)
            throws IOException, InterruptedException {
        long sealed = snapshot.seal().size();
        StateStream stream = new StateStream();
        skipSharedMemory(qmp);
        qmp.execute("migrate-incoming", Map.of("uri", "unix:" + socketDir.resolve(SOCKET)));
        SocketChannel to = UnixSockets.connect(socketDir.resolve(SOCKET), STALL_LIMIT, "QEMU's incoming state socket");
        // One channel read by position from two threads: both see the one file that was opened,
        // whatever is renamed or deleted meanwhile (the cache never rewrites a snapshot in place).
        try (FileChannel from = FileChannel.open(snapshot.state(), StandardOpenOption.READ)) {
            long size = from.size();
            CompletableFuture<String> digest = CompletableFuture.supplyAsync(() -> {
                try {
                    return FileDigest.sha256(from);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            CompletableFuture<Void> streamed = CompletableFuture.runAsync(() -> {
                try (to) {
                    stream.run(from, size, to);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            awaitLoaded(stream, streamed, to, qmp, alive);
            if (streamed.isCompletedExceptionally()) {
                throw new SnapshotFailedException("streaming the snapshot into QEMU failed");
            }
            if (stream.bytes() != sealed) {
                throw new SnapshotFailedException(
                        "the snapshot has " + stream.bytes() + " bytes, sealed with " + sealed);
            }
            String sha;
            try {
                sha = digest.get(STALL_LIMIT.toSeconds(), TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new SnapshotFailedException("the snapshot could not be read to check it: " + e.getMessage());
            }
            if (!sha.equals(snapshot.seal().sha256())) {
                throw new SnapshotFailedException(
                        "the snapshot's SHA-256 does not match its seal (damaged or changed)");
            }
        }
    }

    private static void awaitLoaded(
            StateStream stream,
            CompletableFuture<Void> streamed,
            SocketChannel to,
            QmpClient qmp,
            BooleanSupplier alive)
            throws IOException, InterruptedException {
        long lastBytes = -1;
        long lastProgress = System.nanoTime();
        while (true) {
            if (!alive.getAsBoolean()) {
                streamed.cancel(true);
                to.close();
                throw new SnapshotFailedException("QEMU refused the snapshot and exited");
            }
            String status = qmp.execute("query-status").path("status").asText("");
            if (streamed.isDone() && !status.equals("inmigrate")) {
                return;
            }
            long b = stream.bytes();
            if (b != lastBytes) {
                lastBytes = b;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > STALL_LIMIT.toNanos()) {
                to.close();
                throw new SnapshotFailedException(
                        "restoring made no progress for " + STALL_LIMIT.toSeconds() + " s (QEMU " + status + ")");
            }
            Thread.sleep(streamed.isDone() ? 5 : 20);
        }
    }
}
