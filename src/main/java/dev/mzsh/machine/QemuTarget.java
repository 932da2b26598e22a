package dev.mzsh.machine;

import dev.mzsh.guest.GuestContract;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs commands in a QEMU guest through its agent. The command text and its
 * output are files in the 9p share ({@code .agent/ID.*}); the channel only carries
 * start, kill, ping and exit-status lines. No wait is unbounded: while a command
 * runs, the guest's vitals are checked every second and the agent pinged; a dead
 * QEMU, a kernel fault on the console or an agent silent for {@link #SILENCE_LIMIT}
 * while the CPUs should run ends the wait with a {@link TargetGoneException}.
 */
public final class QemuTarget implements Target {
    /** How often the agent is pinged while a command runs, and how long it may stay silent. */
    static final Duration PING_EVERY = Duration.ofSeconds(2);

    static final Duration SILENCE_LIMIT = Duration.ofSeconds(15);
    private static final long CHECK_EVERY_NANOS = 500_000_000L;
    private final AgentChannel channel;
    private final Path exchangeDir;
    private final AtomicLong ids = new AtomicLong();
    private final GuestVitals vitals;
    private final SharedDirectory share;

    /**
     * @param share  the guest's share and where the guest mounts it; commands are
     *               exchanged in its {@code .agent} subdirectory
     * @param vitals the guest's process, console and CPU state, also to explain a lost channel
     */
    public QemuTarget(AgentChannel channel, SharedDirectory share, GuestVitals vitals) {
        this.channel = channel;
        this.share = share;
        this.exchangeDir = share.host().resolve(GuestContract.AGENT_DIR);
        this.vitals = vitals;
    }

    @Override
    public Optional<SharedDirectory> share() {
        return Optional.of(share);
    }

    @Override
    public String describe() {
        return "the QEMU guest";
    }

    @Override
    public InputStream read(String path) throws IOException {
        return ExecStream.cat(this, path);
    }

    /** The content goes through the share, then the guest's cat writes it with noclobber set. */
    @Override
    public void write(String path, byte[] content) throws IOException, InterruptedException {
        Path staged = exchangeDir.resolve(ids.incrementAndGet() + ".in");
        Files.createDirectories(exchangeDir);
        share.writeNew(staged, content);
        try {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            ExecResult r = exec(
                    new GuestScript()
                            .line("set -C; cat %s > %s", share.guestPath(staged), path)
                            .text(),
                    ExecDeadline.KILL_GRACE.multipliedBy(6),
                    OutputStream.nullOutputStream(),
                    err);
            if (!r.ok()) {
                throw new IOException("cannot write " + path + " in the guest: "
                        + err.toString(StandardCharsets.UTF_8).strip());
            }
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    @Override
    public void kill(long pgid) throws IOException {
        channel.kill(pgid);
    }

    @Override
    public Duration ping(Duration limit) throws IOException, InterruptedException, TimeoutException {
        long t0 = System.nanoTime();
        channel.ping(ids.incrementAndGet(), limit);
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    @Override
    public boolean alive() {
        return channel.isOpen() && vitals.failure().isEmpty();
    }

    /** A fresh directory in the share (guest/NAME, NAME-2, ...); it stays with the run directory. */
    @Override
    public GuestDirectory newDirectory(String name) throws IOException {
        for (int n = 1; ; n++) {
            Path dir = share.host().resolve(n == 1 ? name : name + "-" + n);
            try {
                return new SharedGuestDirectory(share, share.createDirectory(dir));
            } catch (FileAlreadyExistsException e) {
                // an earlier directory of this run (or a name the guest took)
            }
        }
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
        // Names the guest may have made in advance: the command and its output start fresh.
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        share.writeNew(cmd, command.getBytes(StandardCharsets.UTF_8));
        GuestFileReader files = share.reader();
        try (FileTail outTail = new FileTail(files, out, stdout);
                FileTail errTail = new FileTail(files, err, stderr)) {
            AgentChannel.Running r = channel.start(id);
            try {
                return await(r, timeout, outTail, errTail);
            } catch (GuestFileException e) {
                // The guest turned its output file into something mzsh does not read: end the command.
                killQuietly(r);
                throw e;
            }
        } finally {
            Files.deleteIfExists(cmd);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private ExecResult await(AgentChannel.Running r, Duration timeout, FileTail outTail, FileTail errTail)
            throws IOException, InterruptedException {
        {
            ExecDeadline deadline = new ExecDeadline(timeout, () -> killQuietly(r), "the guest");
            Heartbeat heartbeat = new Heartbeat();
            while (true) {
                heartbeat.check();
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
                    return new ExecResult(status, deadline.timedOut());
                }
                deadline.check();
            }
        }
    }

    private void killQuietly(AgentChannel.Running r) {
        try {
            long pid = r.pid().get(ExecDeadline.KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            channel.kill(pid);
        } catch (Exception ignored) {
            // the command may have ended or the guest gone; the status wait tells which
        }
    }

    private TargetGoneException gone(Throwable cause) {
        return new TargetGoneException(vitals.failure().orElse(cause.getMessage()));
    }

    /** The liveness check of one wait: vitals every half second, a ping every two, silence counted only while the CPUs run. */
    private final class Heartbeat {
        private long lastCheck = System.nanoTime();
        private long lastAnswer = lastCheck;
        private CompletableFuture<Void> ping;

        void check() throws IOException {
            long now = System.nanoTime();
            if (now - lastCheck < CHECK_EVERY_NANOS) {
                return;
            }
            lastCheck = now;
            Optional<String> failure = vitals.failure();
            if (failure.isPresent()) {
                throw new TargetGoneException(failure.get());
            }
            if (ping != null && ping.isDone()) {
                if (!ping.isCompletedExceptionally()) {
                    lastAnswer = now;
                }
                ping = null;
            }
            if (ping == null && now - lastAnswer >= PING_EVERY.toNanos()) {
                ping = channel.pingAsync(ids.incrementAndGet());
            }
            if (now - lastAnswer > SILENCE_LIMIT.toNanos()) {
                if (!vitals.cpusRunning()) {
                    lastAnswer = now; // stopped by a debugger or the user: silence is expected
                    return;
                }
                throw new TargetGoneException("the guest stopped answering: its agent gave no reply to a ping for "
                        + SILENCE_LIMIT.toSeconds() + " s (agent killed or kernel wedged)");
            }
        }
    }

    /** Copies what a growing guest file gains to a sink. */
    private static final class FileTail implements AutoCloseable {
        private final GuestFileReader files;
        private final Path path;
        private final OutputStream sink;
        private final ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        private FileChannel ch;
        private long pos;

        FileTail(GuestFileReader files, Path path, OutputStream sink) {
            this.files = files;
            this.path = path;
            this.sink = sink;
        }

        void drain() throws IOException {
            if (ch == null) {
                try {
                    ch = files.open(path);
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
