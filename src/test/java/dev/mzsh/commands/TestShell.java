package dev.mzsh.commands;

import dev.mzsh.session.GuestOptions;
import dev.mzsh.session.Installation;
import dev.mzsh.session.RunDirectory;
import dev.mzsh.session.Session;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A shell on a real session that has not booted a guest, for the verbs and checks
 * that need none (usage errors, help, record, source). Messages and reports are
 * collected in one buffer; guest stdout in another.
 */
public final class TestShell implements AutoCloseable {
    private final ByteArrayOutputStream messages = new ByteArrayOutputStream();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Session session;
    private final Shell shell;

    private TestShell(Path dir, Foreground foreground) throws IOException {
        PrintStream p = new PrintStream(messages, true, StandardCharsets.UTF_8);
        session = new Session(new Installation(dir, dir.resolve("cache")), GuestOptions.defaults(),
                RunDirectory.exactly(dir.resolve("run")), p);
        shell = new Shell(new ShellContext(session, out, p, p, foreground));
    }

    /** A batch-mode shell (no terminal to hand over) with its run directory in {@code dir}/run. */
    public static TestShell in(Path dir) throws IOException {
        return new TestShell(dir, Foreground.NONE);
    }

    public static TestShell in(Path dir, Foreground foreground) throws IOException {
        return new TestShell(dir, foreground);
    }

    public int run(String line) {
        return shell.execute(line);
    }

    public String messages() {
        return messages.toString(StandardCharsets.UTF_8);
    }

    public void clearMessages() {
        messages.reset();
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
}
