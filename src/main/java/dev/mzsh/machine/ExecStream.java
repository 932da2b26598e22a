package dev.mzsh.machine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A guest command's stdout as an InputStream: the command runs on its own thread
 * and writes into a pipe the caller reads. Closing the stream early cancels the
 * command (its process group is killed); a command that fails makes the end of the
 * stream an IOException with its first stderr line.
 */
final class ExecStream extends InputStream {
    private final PipedInputStream in = new PipedInputStream(1 << 20);
    private final Thread runner;
    private volatile IOException failure;
    private volatile boolean finished;

    private ExecStream(Target target, String script, String what) throws IOException {
        PipedOutputStream sink = new PipedOutputStream(in);
        runner = new Thread(
                () -> {
                    ByteArrayOutputStream err = new ByteArrayOutputStream();
                    try (sink) {
                        ExecResult r = target.exec(script, Duration.ZERO, sink, err);
                        if (!r.ok()) {
                            String e = err.toString(StandardCharsets.UTF_8).strip();
                            failure = new IOException("reading " + what + " failed ("
                                    + (e.isEmpty()
                                            ? "exit status " + r.status()
                                            : e.lines().findFirst().orElse(e)) + ")");
                        }
                    } catch (InterruptedException | InterruptedIOException e) {
                        // the reader closed the stream: the command was killed
                    } catch (IOException e) {
                        failure = e;
                    } finally {
                        finished = true;
                    }
                },
                "mzsh-read");
        runner.setDaemon(true);
        runner.start();
    }

    /** Streams the file {@code path} of {@code target} with the machine's cat. */
    static InputStream cat(Target target, String path) throws IOException {
        return new ExecStream(
                target, new GuestScript().line("exec cat %s", path).text(), path);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = in.read(b, off, len);
        } catch (IOException e) {
            // the writer thread ended (PipedInputStream calls that a broken pipe): say why
            if (failure != null) {
                throw failure;
            }
            if (finished) {
                return -1;
            }
            throw e;
        }
        if (n < 0) {
            try {
                runner.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("cancelled");
            }
            if (failure != null) {
                throw failure;
            }
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        if (!finished) {
            runner.interrupt(); // first: the command is killed, not left writing into a closed pipe
        }
        in.close();
        try {
            runner.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
