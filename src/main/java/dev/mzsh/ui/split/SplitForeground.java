package dev.mzsh.ui.split;

import dev.mzsh.commands.Foreground;
import dev.mzsh.commands.UsageException;
import dev.mzsh.session.ForegroundEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The split view's hand-off: an attached endpoint gets a pane (in place of the
 * results pane) with keyboard focus, rendered through its own emulator. attach()
 * runs on the command worker and blocks until the endpoint ends or Ctrl-] is
 * pressed; the UI thread reads {@link #current()} to draw and route keys.
 */
public final class SplitForeground implements Foreground {
    /** One attached endpoint, its screen, and the signal that the user pressed Ctrl-]. */
    public record Attachment(ForegroundEndpoint endpoint, EmulatedScreen screen, CompletableFuture<Void> escaped) {}

    private volatile Attachment current;
    private volatile int cols = 80;
    private volatile int rows = 20;

    /** The attached endpoint, or null. */
    public Attachment current() {
        return current;
    }

    /** The pane size an endpoint gets; the view calls this on every layout. */
    public void paneSize(int columns, int rowCount) {
        if (columns == cols && rowCount == rows) {
            return;
        }
        cols = columns;
        rows = rowCount;
        Attachment a = current;
        if (a != null && a.screen().resize(columns, rowCount)) {
            a.endpoint().resize(columns, rowCount);
        }
    }

    /** Terminal answers (cursor position reports) go back to the endpoint, as a real terminal's would. */
    private static void answer(ForegroundEndpoint endpoint, String reply) {
        if (reply.isEmpty()) {
            return;
        }
        try {
            endpoint.input().write(reply.getBytes(StandardCharsets.UTF_8));
            endpoint.input().flush();
        } catch (IOException ignored) {
            // the endpoint is going away
        }
    }

    @Override
    public void attach(ForegroundEndpoint endpoint) throws IOException, InterruptedException {
        EmulatedScreen screen = new EmulatedScreen(cols, rows, 0);
        Attachment a = new Attachment(endpoint, screen, new CompletableFuture<>());
        synchronized (this) {
            if (current != null) {
                throw new UsageException(current.endpoint().title() + " is attached already");
            }
            current = a;
        }
        endpoint.resize(cols, rows);
        AutoCloseable output = endpoint.output(bytes -> answer(endpoint, screen.feed(bytes)));
        try {
            CompletableFuture.anyOf(a.escaped(), endpoint.ended()).get();
        } catch (ExecutionException e) {
            // the endpoint ended badly: it ended
        } finally {
            try {
                output.close();
            } catch (Exception ignored) {
                // delivery stops either way
            }
            current = null;
        }
    }
}
