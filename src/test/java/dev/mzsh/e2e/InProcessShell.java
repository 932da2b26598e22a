package dev.mzsh.e2e;

import dev.mzsh.commands.Foreground;
import dev.mzsh.commands.Shell;
import dev.mzsh.commands.ShellContext;
import dev.mzsh.session.GuestOptions;
import dev.mzsh.session.Installation;
import dev.mzsh.session.RunDirectory;
import dev.mzsh.session.Session;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A Session and Shell in the test's JVM, built as cli/Main builds them, with the output captured. */
final class InProcessShell implements AutoCloseable {
    final Session session;
    final Shell shell;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    InProcessShell(Path runDir, Foreground foreground) throws Exception {
        Path home = Path.of(System.getProperty("mzsh.repo", System.getProperty("user.dir")));
        Installation inst = new Installation(home, Installation.detect().cacheDir());
        PrintStream errStream = new PrintStream(new TeeStream(err), true, StandardCharsets.UTF_8);
        session = new Session(inst, GuestOptions.defaults(), RunDirectory.exactly(runDir), errStream);
        shell = new Shell(new ShellContext(session, out, errStream, errStream, foreground));
    }

    synchronized String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    synchronized String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    synchronized void clearOutput() {
        out.reset();
        err.reset();
    }

    @Override
    public void close() throws Exception {
        session.close();
    }

    /** Captures and also shows on the test's stderr, for reading a failed run's log. */
    private static final class TeeStream extends java.io.OutputStream {
        private final ByteArrayOutputStream capture;

        TeeStream(ByteArrayOutputStream capture) {
            this.capture = capture;
        }

        @Override
        public void write(int b) {
            synchronized (capture) {
                capture.write(b);
            }
            System.err.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (capture) {
                capture.write(b, off, len);
            }
            System.err.write(b, off, len);
        }
    }
}
