package dev.mzsh.session;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;

/**
 * A script the user asked for ({@code record start FILE}): the commands entered
 * from then on, one per line, each flushed at once, so that {@code mzsh -f FILE}
 * replays them. Never overwrites a file.
 */
public final class Recording implements AutoCloseable {
    private final ScriptWriter out;

    /** @throws java.nio.file.FileAlreadyExistsException when {@code file} exists */
    public Recording(Path file) throws IOException {
        out = new ScriptWriter(
                file,
                "mzsh recording, " + LocalDateTime.now().withNano(0) + "; replay: mzsh -f " + file,
                StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
    }

    public Path file() {
        return out.file();
    }

    public void command(String line) throws IOException {
        out.command(line);
    }

    public int commands() {
        return out.commands();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
