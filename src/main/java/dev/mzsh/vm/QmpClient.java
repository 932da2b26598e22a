package dev.mzsh.vm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A small QMP client: capabilities handshake, then one command at a time; events are skipped.
 * A command QEMU does not answer within {@link #ANSWER_LIMIT} fails and closes the client:
 * a QEMU that stopped serving its monitor is not waited for.
 */
public final class QmpClient implements AutoCloseable {
    static final Duration ANSWER_LIMIT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mzsh-qmp-watchdog");
        t.setDaemon(true);
        return t;
    });
    private final SocketChannel channel;
    private final BufferedReader in;
    private final OutputStream out;

    private QmpClient(SocketChannel channel) {
        this.channel = channel;
        this.in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
        this.out = Channels.newOutputStream(channel);
    }

    /** Connects, retrying while QEMU has not created the socket yet. */
    public static QmpClient connect(Path socket, Duration timeout) throws IOException, InterruptedException {
        QmpClient c = new QmpClient(UnixSockets.connect(socket, timeout, "QMP"));
        c.readMessage(); // greeting
        c.execute("qmp_capabilities");
        return c;
    }

    /** Runs a command and returns its "return" value; a QMP error becomes an IOException. */
    public JsonNode execute(String command) throws IOException {
        return execute(command, Map.of());
    }

    /** Runs a command with arguments; see {@link #execute(String)}. */
    public JsonNode execute(String command, Map<String, ?> arguments) throws IOException {
        return execute(command, arguments, ANSWER_LIMIT);
    }

    /** As {@link #execute(String, Map)}, for a command QEMU may work on for up to {@code limit} before it answers. */
    public synchronized JsonNode execute(String command, Map<String, ?> arguments, Duration limit) throws IOException {
        ObjectNode request = JSON.createObjectNode().put("execute", command);
        if (!arguments.isEmpty()) {
            request.set("arguments", JSON.valueToTree(arguments));
        }
        AtomicBoolean expired = new AtomicBoolean();
        var watchdog = WATCHDOG.schedule(
                () -> {
                    expired.set(true);
                    try {
                        channel.close();
                    } catch (IOException ignored) {
                        // closing is all that is left to do
                    }
                },
                limit.toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            out.write((JSON.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (true) {
                JsonNode msg = readMessage();
                if (msg.has("return")) {
                    return msg.get("return");
                }
                if (msg.has("error")) {
                    throw new IOException("QMP " + command + ": "
                            + msg.get("error").path("desc").asText());
                }
            }
        } catch (IOException e) {
            if (expired.get()) {
                throw new IOException("QEMU did not answer QMP " + command + " within " + limit.toSeconds()
                        + " s; its monitor is closed");
            }
            throw e;
        } finally {
            watchdog.cancel(false);
        }
    }

    /** Runs a human monitor (HMP) command line and returns what it printed. */
    public String humanMonitor(String commandLine) throws IOException {
        return execute("human-monitor-command", Map.of("command-line", commandLine))
                .asText();
    }

    /** Sends a command without waiting: for "quit", whose answer may never come. */
    public synchronized void send(String command) throws IOException {
        out.write(("{\"execute\":\"" + command + "\"}\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private JsonNode readMessage() throws IOException {
        String line = in.readLine();
        if (line == null) {
            throw new IOException("QMP connection closed");
        }
        return JSON.readTree(line);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
