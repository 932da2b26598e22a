package dev.mzsh.e2e;

import dev.mzsh.commands.Foreground;
import dev.mzsh.session.ForegroundEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A front end without a screen: on attach it runs a test's script against the
 * endpoint (type text, wait for output) and returns like a user pressing Ctrl-]
 * unless the script waits for the endpoint to end.
 */
final class ScriptedForeground implements Foreground {
    interface Script {
        void run(Session s) throws Exception;
    }

    private volatile Script script;
    volatile ForegroundEndpoint lastEndpoint;

    void next(Script s) {
        script = s;
    }

    @Override
    public void attach(ForegroundEndpoint endpoint) throws IOException, InterruptedException {
        lastEndpoint = endpoint;
        endpoint.resize(120, 40);
        Session s = new Session(endpoint);
        try (AutoCloseable sub = endpoint.output(s::accept)) {
            script.run(s);
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    /** One attachment: everything the endpoint printed, and a cursor for waiting on more. */
    static final class Session {
        final ForegroundEndpoint endpoint;
        private final ByteArrayOutputStream seen = new ByteArrayOutputStream();
        private int cursor;

        Session(ForegroundEndpoint endpoint) {
            this.endpoint = endpoint;
        }

        private synchronized void accept(byte[] b) {
            seen.writeBytes(b);
            notifyAll();
        }

        synchronized String text() {
            return seen.toString(StandardCharsets.ISO_8859_1);
        }

        void type(String text) throws IOException {
            endpoint.input().write(text.getBytes(StandardCharsets.UTF_8));
            endpoint.input().flush();
        }

        /** Waits for {@code regex} in output after the previous match; returns the match. */
        synchronized Matcher await(String regex, Duration timeout) throws InterruptedException {
            Pattern p = Pattern.compile(regex);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                Matcher m = p.matcher(text());
                if (m.find(cursor)) {
                    cursor = m.end();
                    return m;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no /" + regex + "/ within " + timeout + "; output after the last match:\n"
                            + text().substring(cursor));
                }
                wait(Math.max(1, Math.min(200, left / 1_000_000)));
            }
        }
    }
}
