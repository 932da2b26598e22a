package dev.mzsh.snapshot;

import dev.mzsh.vm.QmpClient;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Saves a stopped guest's device state (QMP {@code migrate}) into a file, over a unix
 * socket in the run's private socket directory, digesting it on the way. The guest's RAM is
 * not in the stream: it is the {@link GuestMemory} file QEMU writes through. A saved guest
 * stays stopped (its QEMU must end before the memory file is sealed); a guest whose save
 * failed runs on.
 */
public final class StateSaver {
    /** A save that moves no byte for this long is given up. */
    static final Duration STALL_LIMIT = Duration.ofSeconds(20);

    private final QmpClient qmp;
    private final Path socketDir;

    public StateSaver(QmpClient qmp, Path socketDir) {
        this.qmp = qmp;
        this.socketDir = socketDir;
    }

    /** The saved state's size and digest. */
    static final String SOCKET = "save.sock";

    public record Saved(long size, String sha256) {}

    /** Saves into {@code file}; the guest stays stopped when it was saved and runs on when not. */
    public Saved save(Path file) throws IOException, InterruptedException {
        Path sock = socketDir.resolve(SOCKET);
        Files.deleteIfExists(sock);
        qmp.execute("stop");
        boolean saved = false;
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            HashingCopy copy = new HashingCopy();
            CompletableFuture<Void> copied = CompletableFuture.runAsync(() -> {
                try (SocketChannel from = server.accept();
                        FileChannel to =
                                FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    copy.run(from, to);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            StateLoader.skipSharedMemory(qmp);
            qmp.execute("migrate", Map.of("uri", "unix:" + sock));
            awaitCompleted(copy, copied, server);
            try {
                copied.get(STALL_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new SnapshotFailedException("writing the state file failed: " + rootMessage(e));
            }
            saved = true;
            return new Saved(copy.bytes(), copy.sha256());
        } finally {
            Files.deleteIfExists(sock);
            if (!saved) {
                qmp.execute("cont");
            }
        }
    }

    /** Polls QEMU's migration status until it completes, judging stalls by bytes moved. */
    private void awaitCompleted(HashingCopy copy, CompletableFuture<Void> copied, ServerSocketChannel server)
            throws IOException, InterruptedException {
        long lastBytes = -1;
        long lastProgress = System.nanoTime();
        while (true) {
            String status = qmp.execute("query-migrate").path("status").asText("");
            if (status.equals("completed")) {
                return;
            }
            if (status.equals("failed") || status.equals("cancelled")) {
                server.close();
                throw new SnapshotFailedException("QEMU's migration " + status);
            }
            if (copied.isCompletedExceptionally() && !status.equals("active")) {
                throw new SnapshotFailedException("the state stream ended early (migration " + status + ")");
            }
            long b = copy.bytes();
            if (b != lastBytes) {
                lastBytes = b;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > STALL_LIMIT.toNanos()) {
                try {
                    qmp.execute("migrate_cancel");
                } finally {
                    server.close();
                }
                throw new SnapshotFailedException("saving moved no byte for " + STALL_LIMIT.toSeconds() + " s");
            }
            Thread.sleep(20);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c.getMessage() != null ? c.getMessage() : c.toString();
    }
}
