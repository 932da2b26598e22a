package dev.mzsh.session;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;

/**
 * A script the user asked for ({@code record start FILE}): the commands entered
 * from then on, one per line, each flushed at once, so that {@code mzsh -f FILE}
 * replays them. Never overwrites a file.
 */
public final class Recording implements AutoCloseable {
    private final Path file;
    private final Writer out;
    private int commands;

    /** @throws java.nio.file.FileAlreadyExistsException when {@code file} exists */
    public Recording(Path file) throws IOException {
        this.file = file;
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        out.write("# mzsh recording, " + LocalDateTime.now().withNano(0) + "; replay: mzsh -f " + file + "\n");
        out.flush();
    }

    public Path file() {
        return file;
    }

    public synchronized void command(String line) throws IOException {
        out.write(line.strip() + "\n");
        out.flush();
        commands++;
    }

    public synchronized int commands() {
        return commands;
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
