package dev.mzsh.snapshot;

import dev.mzsh.vm.QmpClient;
import dev.mzsh.vm.UnixSockets;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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

    /** The arguments that make QEMU wait for its state on a socket in {@code socketDir}. */
    public static List<String> incomingArgs(Path socketDir) {
        return List.of("-incoming", "unix:" + socketDir.resolve(SOCKET));
    }

    /**
     * Streams {@code snapshot} into QEMU and waits until QEMU has loaded it.
     *
     * @param alive whether QEMU still runs (a QEMU that rejects the stream exits)
     * @throws SnapshotFailedException when the stream differs from its seal or QEMU refuses it
     */
    public static void load(Snapshot snapshot, Path socketDir, QmpClient qmp, BooleanSupplier alive)
            throws IOException, InterruptedException {
        HashingCopy copy = new HashingCopy();
        CompletableFuture<Void> streamed;
        SocketChannel to = UnixSockets.connect(socketDir.resolve(SOCKET), STALL_LIMIT, "QEMU's incoming state socket");
        streamed = CompletableFuture.runAsync(() -> {
            try (to;
                    FileChannel from = FileChannel.open(snapshot.state(), StandardOpenOption.READ)) {
                copy.run(from, to);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
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
                break;
            }
            long b = copy.bytes();
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
        if (streamed.isCompletedExceptionally()) {
            throw new SnapshotFailedException("streaming the snapshot into QEMU failed");
        }
        if (copy.bytes() != snapshot.seal().size()) {
            throw new SnapshotFailedException("the snapshot has " + copy.bytes() + " bytes, sealed with "
                    + snapshot.seal().size());
        }
        if (!copy.sha256().equals(snapshot.seal().sha256())) {
            throw new SnapshotFailedException("the snapshot's SHA-256 does not match its seal (damaged or changed)");
        }
    }
}
