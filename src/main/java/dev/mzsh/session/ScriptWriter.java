package dev.mzsh.session;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * Writes commands to a script file as {@code mzsh -f} replays it: a {@code #}
 * header, then one command per line, each flushed at once (a crash loses none).
 * Shared by the session's transcript and by recordings.
 */
final class ScriptWriter implements AutoCloseable {
    private final Path file;
    private final Writer out;
    private int commands;

    ScriptWriter(Path file, String header, OpenOption... options) throws IOException {
        this.file = file;
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, options);
        for (String line : header.split("\n")) {
            out.write("# " + line + "\n");
        }
        out.flush();
    }

    Path file() {
        return file;
    }

    synchronized void command(String line) throws IOException {
        out.write(line.strip() + "\n");
        out.flush();
        commands++;
    }

    synchronized int commands() {
        return commands;
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
