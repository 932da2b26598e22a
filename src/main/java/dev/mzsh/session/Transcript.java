package dev.mzsh.session;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;

/** The commands of a session, one per line, as a script {@code mzsh -f} replays. */
public final class Transcript implements AutoCloseable {
    private final Writer out;

    public Transcript(Path file, String header) throws IOException {
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        out.write("# mzsh transcript, " + LocalDateTime.now().withNano(0) + "\n");
        out.write("# " + header + "\n");
        out.flush();
    }

    public synchronized void command(String line) {
        try {
            out.write(line.strip() + "\n");
            out.flush();
        } catch (IOException ignored) {
            // the transcript is a record, not a reason to fail the command
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
