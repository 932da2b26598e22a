package dev.mzsh.session;

import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** Something a front end can attach the keyboard and screen to: a byte stream each way. */
public interface ForegroundEndpoint {
    /** Shown to the user, e.g. "gdb" or "guest console". */
    String title();

    /**
     * Starts delivering what the endpoint prints to {@code sink} (from any thread);
     * closing the handle stops delivery.
     */
    AutoCloseable output(Consumer<byte[]> sink);

    /** Where typed bytes go. */
    OutputStream input();

    /** The screen area given to it changed (ignored by endpoints without a size). */
    void resize(int columns, int rows);

    /** Completes when the endpoint ends by itself (gdb exits); never, for the guest console. */
    CompletableFuture<Void> ended();
}
