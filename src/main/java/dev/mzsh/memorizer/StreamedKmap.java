package dev.mzsh.memorizer;

import dev.mzsh.machine.ExecResult;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.OptionalLong;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * The host's end of a kmap that streams on a command's stdout (SSH targets): the
 * bytes go into a new host file while the host counts and hashes them (sha256); the
 * machine's stderr carries its own count and hash of what it read ("done N SHA"),
 * and {@link #verify} compares the two.
 */
final class StreamedKmap implements AutoCloseable {
    private static final int MAX_REPORT = 65536;

    private final OutputStream file;
    private final MessageDigest md;
    private final KmapShareCopy.Progress progress;
    private final long t0 = System.nanoTime();
    private final StringBuilder report = new StringBuilder();
    private volatile long bytes;
    private long lastProgress = t0;

    StreamedKmap(Path part, KmapShareCopy.Progress progress) throws IOException {
        md = DigestUtils.getSha256Digest();
        this.file = new BufferedOutputStream(
                Files.newOutputStream(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 20);
        this.progress = progress;
    }

    /** Where the command's stdout goes. */
    OutputStream data() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                file.write(b, off, len);
                md.update(b, off, len);
                bytes += len;
                long now = System.nanoTime();
                if (now - lastProgress >= 1_000_000_000L) {
                    lastProgress = now;
                    progress.update(bytes, Duration.ofNanos(now - t0), OptionalLong.empty());
                }
            }
        };
    }

    /** Where the command's stderr goes (kept to 64 KiB: it only reports). */
    OutputStream report() {
        return new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (report) {
                    if (report.length() < MAX_REPORT) {
                        report.append((char) (b & 0xff));
                    }
                }
            }
        };
    }

    String reportText() {
        synchronized (report) {
            return report.toString();
        }
    }

    long bytes() {
        return bytes;
    }

    /** Checks the finished command and the machine's count and hash against what arrived. */
    VerifiedCopy verify(Path part, String source, ExecResult r) throws IOException {
        file.flush();
        String text = new String(reportText().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        if (!r.ok()) {
            String e = text.lines()
                    .filter(l -> !l.startsWith("reader "))
                    .findFirst()
                    .orElse("")
                    .strip();
            throw new MemorizerException(
                    "copying " + source + " failed (" + (e.isEmpty() ? "exit status " + r.status() : e) + ")");
        }
        String[] guest = text.lines()
                .filter(l -> l.startsWith("done "))
                .map(l -> l.split(" "))
                .filter(f -> f.length == 3)
                .findFirst()
                .orElse(null);
        if (guest == null || !guest[1].matches("[0-9]{1,19}") || !guest[2].matches("[0-9a-f]{64}")) {
            throw new MemorizerException(
                    "the machine reported no byte count and hash for " + source + " ('" + text.strip() + "')");
        }
        String hostHash = HexFormat.of().formatHex(md.digest());
        long guestBytes = Long.parseLong(guest[1]);
        if (guestBytes != bytes || !guest[2].equals(hostHash)) {
            throw new MemorizerException("the copy of " + source + " does not match: the machine read " + guestBytes
                    + " bytes sha256 " + guest[2] + ", the host got " + bytes + " bytes sha256 " + hostHash
                    + "; nothing was kept");
        }
        return new VerifiedCopy(part, bytes, KmapHash.SHA256, hostHash, Duration.ofNanos(System.nanoTime() - t0));
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
