package dev.mzsh.vm;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** A log that stops at a size: the last thing in it is a line saying so, and {@code onCap} is told once. */
public final class CappedLog extends FilterOutputStream {
    private final long cap;
    private final String marker;
    private final Runnable onCap;
    private long written;
    private boolean capped;

    /**
     * @param alreadyWritten bytes the log already holds (it is appended to across reboots)
     * @param marker         the line written at the cap
     */
    public CappedLog(OutputStream out, long cap, long alreadyWritten, String marker, Runnable onCap) {
        super(out);
        this.cap = cap;
        this.written = alreadyWritten;
        this.marker = marker;
        this.onCap = onCap;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (capped) {
            return;
        }
        long room = cap - written;
        if (len <= room) {
            out.write(b, off, len);
            written += len;
            return;
        }
        if (room > 0) {
            out.write(b, off, (int) room);
        }
        out.write(("\n" + marker + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        capped = true;
        onCap.run();
    }
}
