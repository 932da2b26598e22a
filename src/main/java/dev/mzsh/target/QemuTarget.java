package dev.mzsh.target;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Runs commands in a QEMU guest through its agent. The command text and its
 * output are files in the 9p-shared run directory ({@code .agent/ID.*}); the
 * channel only carries start, kill and exit-status lines.
 */
public final class QemuTarget implements Target {
    private static final Duration KILL_GRACE = Duration.ofSeconds(10);
    private final AgentChannel channel;
    private final Path exchangeDir;
    private final AtomicLong ids = new AtomicLong();
    private final Supplier<String> whyGone;
    private final SharedDirectory share;

    /**
     * @param share   the run directory and where the guest mounts it; commands are
     *                exchanged in its {@code .agent} subdirectory
     * @param whyGone explains a lost channel (e.g. the console's panic line), or null
     */
    public QemuTarget(AgentChannel channel, SharedDirectory share, Supplier<String> whyGone) {
        this.channel = channel;
        this.share = share;
        this.exchangeDir = share.host().resolve(".agent");
        this.whyGone = whyGone;
    }

    @Override
    public SharedDirectory share() {
        return share;
    }

    public AgentChannel channel() {
        return channel;
    }

    @Override
    public ExecResult exec(String command, Duration timeout, OutputStream stdout, OutputStream stderr)
            throws IOException, InterruptedException {
        if (Thread.interrupted()) {
            // a cancel already pending would close the agent's socket on the first write: honour it here
            throw new InterruptedException();
        }
        long id = ids.incrementAndGet();
        Files.createDirectories(exchangeDir);
        Path cmd = exchangeDir.resolve(id + ".cmd");
        Path out = exchangeDir.resolve(id + ".out");
        Path err = exchangeDir.resolve(id + ".err");
        Files.writeString(cmd, command, StandardCharsets.UTF_8);
        try (FileTail outTail = new FileTail(out, stdout); FileTail errTail = new FileTail(err, stderr)) {
            AgentChannel.Running r = channel.start(id);
            long deadline = timeout.isZero() ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
            boolean timedOut = false;
            long killDeadline = Long.MAX_VALUE;
            while (true) {
                Integer status = null;
                try {
                    status = r.status().get(10, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // still running
                } catch (ExecutionException e) {
                    outTail.drain();
                    errTail.drain();
                    throw gone(e.getCause());
                } catch (InterruptedException e) {
                    // Cancelled by the user: kill the guest process group, then report the interrupt.
                    killQuietly(r);
                    throw e;
                }
                try {
                    outTail.drain();
                    errTail.drain();
                } catch (ClosedByInterruptException e) {
                    // The cancel landed while copying output (file channels close on an interrupt): the same cancel.
                    Thread.interrupted();
                    killQuietly(r);
                    throw new InterruptedException("cancelled");
                }
                if (status != null) {
                    return new ExecResult(status, timedOut);
                }
                long now = System.nanoTime();
                if (!timedOut && now > deadline) {
                    timedOut = true;
                    killDeadline = now + KILL_GRACE.toNanos();
                    killQuietly(r);
                } else if (timedOut && now > killDeadline) {
                    throw new TargetGoneException("the guest did not end a timed-out command within "
                            + KILL_GRACE.toSeconds() + " s; the agent is not answering");
                }
            }
        } finally {
            Files.deleteIfExists(cmd);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private void killQuietly(AgentChannel.Running r) {
        try {
            long pid = r.pid().get(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            channel.kill(pid);
        } catch (Exception ignored) {
            // the command may have ended or the guest gone; the status wait tells which
        }
    }

    private TargetGoneException gone(Throwable cause) {
        String why = whyGone == null ? null : whyGone.get();
        return new TargetGoneException(why != null ? why : cause.getMessage());
    }

    /** Copies what a growing file gains to a sink. */
    private static final class FileTail implements AutoCloseable {
        private final Path path;
        private final OutputStream sink;
        private final ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        private FileChannel ch;
        private long pos;

        FileTail(Path path, OutputStream sink) {
            this.path = path;
            this.sink = sink;
        }

        void drain() throws IOException {
            if (ch == null) {
                try {
                    ch = FileChannel.open(path);
                } catch (NoSuchFileException e) {
                    return;
                }
            }
            boolean wrote = false;
            for (int n; (n = ch.read(buf.clear(), pos)) > 0; ) {
                sink.write(buf.array(), 0, n);
                pos += n;
                wrote = true;
            }
            if (wrote) {
                sink.flush();
            }
        }

        @Override
        public void close() throws IOException {
            if (ch != null) {
                ch.close();
            }
        }
    }
}
