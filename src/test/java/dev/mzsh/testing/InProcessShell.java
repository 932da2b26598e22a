package dev.mzsh.testing;

import dev.mzsh.commands.Foreground;
import dev.mzsh.commands.Shell;
import dev.mzsh.commands.ShellContext;
import dev.mzsh.session.GuestOptions;
import dev.mzsh.session.Installation;
import dev.mzsh.session.RunDirectory;
import dev.mzsh.session.Session;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A real Session and Shell in the test's JVM, built as cli/Main builds them, with the
 * guest's stdout in {@link #out()} and every message and report in {@link #err()}.
 * The one fixture for verbs run in-process: unit tests that need no guest, and
 * end-to-end tests that boot one and drive it with a scripted terminal.
 */
public final class InProcessShell implements AutoCloseable {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Session session;
    private final Shell shell;

    private InProcessShell(Installation inst, Path runDir, Foreground foreground, boolean showErr) throws IOException {
        OutputStream errSink = showErr ? new TeeStream(err) : new SynchronizedStream(err);
        PrintStream p = new PrintStream(errSink, true, StandardCharsets.UTF_8);
        session = new Session(inst, GuestOptions.defaults(), RunDirectory.exactly(runDir), p);
        shell = new Shell(new ShellContext(session, new SynchronizedStream(out), p, p, foreground));
    }

    /**
     * A batch-mode shell (no terminal to hand over) for the verbs and checks that need no guest
     * (usage errors, help, record, source): installation and cache in {@code dir}, run directory
     * {@code dir}/run.
     */
    public static InProcessShell withoutGuest(Path dir) throws IOException {
        return new InProcessShell(
                new Installation(dir, dir.resolve("cache")), dir.resolve("run"), Foreground.NONE, false);
    }

    /**
     * A shell that boots the repo's default guest with the user's cache (image, kernel) on demand;
     * messages are also shown on the test's stderr, for reading a failed run's log.
     */
    public static InProcessShell booting(Path runDir, Foreground foreground) throws IOException {
        Path home = Path.of(System.getProperty("mzsh.repo", System.getProperty("user.dir")));
        return new InProcessShell(new Installation(home, Installation.detect().cacheDir()), runDir, foreground, true);
    }

    /** Runs one command line; its exit status. */
    public int run(String line) {
        return shell.execute(line);
    }

    public String out() {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    public String err() {
        synchronized (err) {
            return err.toString(StandardCharsets.UTF_8);
        }
    }

    public void clearOutput() {
        synchronized (out) {
            out.reset();
        }
        synchronized (err) {
            err.reset();
        }
    }

    public Session session() {
        return session;
    }

    public Shell shell() {
        return shell;
    }

    @Override
    public void close() throws IOException {
        session.close();
    }

    /** Writes to a buffer other threads read (console echo, boot notices arrive on their own threads). */
    private static class SynchronizedStream extends OutputStream {
        final ByteArrayOutputStream capture;

        SynchronizedStream(ByteArrayOutputStream capture) {
            this.capture = capture;
        }

        @Override
        public void write(int b) {
            synchronized (capture) {
                capture.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (capture) {
                capture.write(b, off, len);
            }
        }
    }

    /** Captures and also shows on the test's stderr. */
    private static final class TeeStream extends SynchronizedStream {
        TeeStream(ByteArrayOutputStream capture) {
            super(capture);
        }

        @Override
        public void write(int b) {
            super.write(b);
            System.err.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            super.write(b, off, len);
            System.err.write(b, off, len);
        }
    }
}
