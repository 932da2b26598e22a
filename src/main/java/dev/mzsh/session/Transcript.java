package dev.mzsh.session;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;

/** The commands of a session, one per line, as a script {@code mzsh -f} replays. */
public final class Transcript implements AutoCloseable {
    private final ScriptWriter out;
    private volatile String last;

    public Transcript(Path file, String header) throws IOException {
        out = new ScriptWriter(
                file,
                "mzsh transcript, " + LocalDateTime.now().withNano(0) + "\n" + header,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    public void command(String line) {
        last = line;
        try {
            out.command(line);
        } catch (IOException ignored) {
            // the transcript is a record, not a reason to fail the command
        }
    }

    /** The last command entered (what ran when the guest crashed), if any. */
    public java.util.Optional<String> lastCommand() {
        return java.util.Optional.ofNullable(last);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
