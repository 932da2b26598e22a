package dev.mzsh.snapshot;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends a state file to QEMU with the kernel's file-to-socket copy (sendfile): the bytes
 * never pass through Java, so loading runs at QEMU's pace. Its byte count shows progress.
 */
final class StateStream {
    /** Bytes per transfer: small enough for the progress count to move every few ms. */
    private static final long CHUNK = 4L << 20;

    private final AtomicLong bytes = new AtomicLong();

    /** Sends {@code size} bytes of {@code from}, from its start, to {@code to}; stops early at its end. */
    void run(FileChannel from, long size, WritableByteChannel to) throws IOException {
        long pos = 0;
        while (pos < size) {
            long n = from.transferTo(pos, Math.min(CHUNK, size - pos), to);
            if (n <= 0) {
                if (pos >= from.size()) {
                    return; // shorter than it should be: the size check after loading says so
                }
                continue;
            }
            pos += n;
            bytes.addAndGet(n);
        }
    }

    long bytes() {
        return bytes.get();
    }
}
