package dev.mzsh.bats;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;

/**
 * The sink for BATS's stdout while it runs: splits the bytes into lines, feeds
 * them to a {@link TapParser} and writes the TAP lines to disk as they arrive.
 *
 * <p>While the run goes on the file is {@code results.tap.partial}, flushed line by
 * line, so a crash of mzsh itself leaves what was seen under a name that says it is
 * incomplete. {@link #finish} renames it to {@code results.tap}; a run that ended
 * early gets a {@code Bail out!} line first, so the final file is complete or marked.
 * BATS's extended lines ({@code suite}, {@code begin}) go to the parser only: the
 * file is plain TAP.
 */
public final class TapRecorder extends OutputStream {
    private final TapParser parser;
    private final Path partial;
    private final Path target;
    private final Writer file;
    private final Consumer<String> onTapLine;
    static final int MAX_LINE = 64 << 10;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private boolean finished;

    /**
     * @param target    where the finished TAP goes (e.g. {@code bats/results.tap})
     * @param onTapLine called with each TAP line as it arrives (progress display); must not block
     */
    public TapRecorder(TapParser parser, Path target, Consumer<String> onTapLine) throws IOException {
        this.parser = parser;
        this.target = target;
        this.partial = target.resolveSibling(target.getFileName() + ".partial");
        this.onTapLine = onTapLine;
        this.file = Files.newBufferedWriter(partial, StandardCharsets.UTF_8);
    }

    public Path partialFile() {
        return partial;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        int start = off;
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                keep(b, start, i - start);
                line();
                start = i + 1;
            }
        }
        keep(b, start, off + len - start);
    }

    /** A line is kept up to {@link #MAX_LINE} bytes; the guest may print one without end. */
    private void keep(byte[] b, int off, int len) {
        pending.write(b, off, Math.max(0, Math.min(len, MAX_LINE - pending.size())));
    }

    @Override
    public synchronized void flush() throws IOException {
        file.flush();
    }

    private void line() throws IOException {
        String line = pending.toString(StandardCharsets.UTF_8);
        pending.reset();
        parser.accept(line);
        if (!TapParser.isBatsExtension(line)) {
            file.write(line);
            file.write('\n');
            onTapLine.accept(line);
        }
    }

    /**
     * Ends the recording: a last unterminated line is kept, {@code bailOut} (when not
     * null) is appended as {@code Bail out! mzsh: ...}, and the file gets its final name.
     */
    public synchronized BatsResults finish(String bailOut) throws IOException {
        if (finished) {
            return parser.results();
        }
        finished = true;
        if (pending.size() > 0) {
            line();
        }
        if (bailOut != null) {
            String marker = "Bail out! mzsh: " + bailOut.replace('\n', ' ');
            parser.accept(marker);
            file.write(marker);
            file.write('\n');
        }
        file.close();
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return parser.results();
    }

    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (!finished) {
                file.close();
            }
        }
    }
}
