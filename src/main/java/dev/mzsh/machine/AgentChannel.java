package dev.mzsh.machine;

import dev.mzsh.vm.UnixSockets;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The host end of the control channel: a unix socket QEMU connects to the guest's
 * virtio-serial port. Requests and replies are single lines with ids; command
 * output never travels here.
 */
public final class AgentChannel implements AutoCloseable {
    private final SocketChannel socket;
    private final CompletableFuture<AgentMessage.Hello> hello = new CompletableFuture<>();
    private final Map<Long, Running> running = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<Void>> pings = new ConcurrentHashMap<>();
    private final BlockingQueue<AgentMessage.Stage> stages = new LinkedBlockingQueue<>();
    private final Thread reader;
    /**
     * Every request is written by this thread, never the caller's: a socket channel closes
     * when its writer is interrupted, and an interrupt is how a command is cancelled (Ctrl-C
     * just after Enter landed while exec wrote its start request and cost the guest).
     */
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "agent-channel-writer");
        t.setDaemon(true);
        return t;
    });

    private volatile boolean closed;

    /** A command the agent was asked to run. */
    public record Running(long id, CompletableFuture<Long> pid, CompletableFuture<Integer> status) {}

    private AgentChannel(SocketChannel socket) {
        this.socket = socket;
        this.reader = new Thread(this::readLoop, "agent-channel");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** Connects, retrying while QEMU has not created the socket yet. */
    public static AgentChannel connect(Path path, Duration timeout) throws IOException, InterruptedException {
        return new AgentChannel(UnixSockets.connect(path, timeout, "the agent socket"));
    }

    /** Waits for the agent's hello; a TimeoutException when the timeout passes first. */
    public AgentMessage.Hello awaitHello(Duration timeout) throws InterruptedException, IOException, TimeoutException {
        try {
            return hello.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new TargetGoneException(e.getCause().getMessage());
        }
    }

    /**
     * The next boot stage the guest init reported, or empty when none came within
     * {@code timeout}; a TargetGoneException when the channel has closed.
     */
    public Optional<AgentMessage.Stage> nextStage(Duration timeout) throws InterruptedException, TargetGoneException {
        AgentMessage.Stage s = stages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (s == null && closed && stages.isEmpty()) {
            throw new TargetGoneException("the guest agent channel closed");
        }
        return Optional.ofNullable(s);
    }

    /** Whether the agent's hello has arrived (without waiting). */
    public boolean helloArrived() {
        return hello.isDone() && !hello.isCompletedExceptionally();
    }

    /** Sends the guest init its personalisation line (it waits for it at the ready point). */
    public void personalise(String parameters) throws IOException {
        if (parameters.indexOf('\n') >= 0 || parameters.length() > 4000) {
            throw new IllegalArgumentException("a personalisation line is one line under 4000 bytes");
        }
        send("G " + parameters);
    }

    public Running start(long id) throws IOException {
        Running r = new Running(id, new CompletableFuture<>(), new CompletableFuture<>());
        running.put(id, r);
        if (closed) {
            failAll();
        }
        send("X " + id);
        return r;
    }

    /** Kills the process group of a running command. */
    public void kill(long pid) throws IOException {
        send("K " + pid);
    }

    /** Sends a ping; the future completes when the agent answers, exceptionally when the channel closes. */
    public CompletableFuture<Void> pingAsync(long id) throws IOException {
        CompletableFuture<Void> f = new CompletableFuture<>();
        pings.put(id, f);
        f.whenComplete((v, e) -> pings.remove(id));
        if (closed) {
            failAll();
        }
        send("P " + id);
        return f;
    }

    /** Round trip through the agent; proves it is still serving. */
    public void ping(long id, Duration timeout) throws IOException, InterruptedException, TimeoutException {
        CompletableFuture<Void> f = new CompletableFuture<>();
        pings.put(id, f);
        send("P " + id);
        try {
            f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new TargetGoneException(e.getCause().getMessage());
        } finally {
            pings.remove(id);
        }
    }

    public boolean isOpen() {
        return !closed;
    }

    /** Writes one request line; an interrupt meanwhile waits for the write and stays set for the caller. */
    private void send(String line) throws IOException {
        if (closed) {
            throw new TargetGoneException("the guest agent channel is closed");
        }
        ByteBuffer b = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.US_ASCII));
        Future<?> written;
        try {
            written = writer.submit(() -> {
                while (b.hasRemaining()) {
                    socket.write(b);
                }
                return null;
            });
        } catch (RejectedExecutionException e) {
            throw new TargetGoneException("the guest agent channel is closed");
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    written.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    throw new IOException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void readLoop() {
        ByteBuffer buf = ByteBuffer.allocate(4096);
        StringBuilder line = new StringBuilder();
        try {
            while (socket.read(buf) >= 0) {
                buf.flip();
                while (buf.hasRemaining()) {
                    char c = (char) (buf.get() & 0xff);
                    if (c == '\n') {
                        AgentMessage.parse(line.toString()).ifPresent(this::dispatch);
                        line.setLength(0);
                    } else if (line.length() < 1024) {
                        line.append(c);
                    }
                }
                buf.clear();
            }
        } catch (IOException ignored) {
            // closed by us or by QEMU's exit
        } finally {
            closed = true;
            failAll();
        }
    }

    private void dispatch(AgentMessage m) {
        if (m instanceof AgentMessage.Stage st) {
            stages.add(st);
        } else if (m instanceof AgentMessage.Hello h) {
            hello.complete(h);
        } else if (m instanceof AgentMessage.Started s) {
            Running r = running.get(s.id());
            if (r != null) {
                r.pid().complete(s.pid());
            }
        } else if (m instanceof AgentMessage.Result res) {
            Running r = running.remove(res.id());
            if (r != null) {
                r.status().complete(res.status());
            }
        } else if (m instanceof AgentMessage.Pong p) {
            CompletableFuture<Void> f = pings.get(p.id());
            if (f != null) {
                f.complete(null);
            }
        }
    }

    private void failAll() {
        TargetGoneException gone = new TargetGoneException("the guest agent channel closed");
        hello.completeExceptionally(gone);
        for (Running r : running.values()) {
            r.pid().completeExceptionally(gone);
            r.status().completeExceptionally(gone);
        }
        running.clear();
        pings.values().forEach(f -> f.completeExceptionally(gone));
    }

    @Override
    public void close() throws IOException {
        closed = true;
        writer.shutdownNow();
        socket.close();
    }
}
