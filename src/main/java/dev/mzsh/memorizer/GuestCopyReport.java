package dev.mzsh.memorizer;

import java.io.OutputStream;
import java.util.OptionalLong;

/**
 * What a guest-side copier (mzsh-copy or its BusyBox fallback) prints, as it
 * arrives: "size N" early when the source's size is known, "done BYTES HASH" at
 * the end. Guest output, so kept only up to {@value #MAX} bytes.
 */
final class GuestCopyReport extends OutputStream {
    private static final int MAX = 4096;
    private final StringBuilder text = new StringBuilder();

    @Override
    public synchronized void write(int b) {
        if (text.length() < MAX) {
            text.append((char) (b & 0xff));
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        for (int i = 0; i < len; i++) {
            write(b[off + i]);
        }
    }

    synchronized String text() {
        return text.toString();
    }

    synchronized OptionalLong size() {
        return text().lines()
                .filter(l -> l.matches("size [0-9]{1,19}"))
                .mapToLong(l -> Long.parseLong(l.substring(5)))
                .findFirst();
    }

    /** The fields of the "done" line, or null. */
    synchronized String[] done() {
        return text().lines()
                .filter(l -> l.startsWith("done "))
                .map(l -> l.split(" "))
                .filter(f -> f.length == 3)
                .findFirst()
                .orElse(null);
    }
}
