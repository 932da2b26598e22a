package dev.mzsh.memorizer;

import dev.mzsh.machine.ExecResult;
import dev.mzsh.machine.GuestScript;
import dev.mzsh.machine.Target;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.OptionalLong;

/**
 * Copies kmap from a machine without a shared directory (an SSH target): the bytes
 * stream on the command's stdout straight into a new host file, while the machine
 * hashes (sha256) and counts the very bytes it read from kmap and reports them on
 * stderr; the host hashes what it received. Nothing of kmap is written on the
 * machine (its temporary directory holds two FIFOs and the 64-byte sum); anything
 * but a matching copy is deleted.
 */
public final class KmapDownload {
    private final Target target;
    private final String kmap;

    public KmapDownload(Memorizer memorizer) {
        this(memorizer.target(), memorizer.abi().path(Control.KMAP));
    }

    KmapDownload(Target target, String kmap) {
        this.target = target;
        this.kmap = kmap;
    }

    /** The machine's side: kmap to stdout through tee, which also feeds sha256sum and wc; "done N SHA" on stderr. */
    static String script(String kmap) {
        return new GuestScript()
                .line("d=$(mktemp -d) || exit 1")
                .line("trap 'rm -rf \"$d\"' EXIT")
                .line("mkfifo \"$d/h\" \"$d/n\" || exit 1")
                .line("sha256sum < \"$d/h\" > \"$d/sum\" &")
                .line("wc -c < \"$d/n\" > \"$d/len\" &")
                .line("{ cat %s || echo failed > \"$d/rc\"; } | tee \"$d/h\" \"$d/n\"", kmap)
                .line("rc=$?; wait")
                .line("[ ! -e \"$d/rc\" ] && [ $rc = 0 ] || exit 1")
                .line("read s _ < \"$d/sum\"; read n < \"$d/len\"")
                .line("echo \"done $n $s\" >&2")
                .text();
    }

    /** Streams kmap into {@code part} (a new host file) and verifies it; on any failure {@code part} is deleted. */
    public KmapTransfer.Copied copy(Path part, KmapTransfer.Progress progress) throws IOException, InterruptedException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long t0 = System.nanoTime();
        boolean done = false;
        try {
            Counting counted;
            ExecResult r;
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(part, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), 1 << 20);
                 Counting c = new Counting(new DigestOutputStream(file, md), progress, t0)) {
                counted = c;
                r = target.exec(script(kmap), Duration.ZERO, c, bounded(err));
            }
            String report = err.toString(StandardCharsets.UTF_8);
            String[] guest = report.lines().filter(l -> l.startsWith("done ")).map(l -> l.split(" "))
                    .filter(f -> f.length == 3).findFirst().orElse(null);
            if (!r.ok()) {
                String e = report.strip();
                throw new MemorizerException("copying " + kmap + " failed ("
                        + (e.isEmpty() ? "exit status " + r.status() : e.lines().findFirst().orElse(e)) + ")");
            }
            if (guest == null || !guest[1].matches("[0-9]{1,19}") || !guest[2].matches("[0-9a-f]{64}")) {
                throw new MemorizerException("the machine reported no byte count and hash ('" + report.strip() + "')");
            }
            String hostHash = HexFormat.of().formatHex(md.digest());
            long guestBytes = Long.parseLong(guest[1]);
            if (guestBytes != counted.bytes || !guest[2].equals(hostHash)) {
                throw new MemorizerException("the copy does not match: the machine read " + guestBytes + " bytes sha256 "
                        + guest[2] + ", the host got " + counted.bytes + " bytes sha256 " + hostHash + "; nothing was kept");
            }
            done = true;
            return new KmapTransfer.Copied(part, counted.bytes, hostHash, "sha256", Duration.ofNanos(System.nanoTime() - t0));
        } finally {
            if (!done) {
                Files.deleteIfExists(part);
            }
        }
    }

    /** The machine's stderr, kept to 64 KiB (it only reports). */
    private static OutputStream bounded(ByteArrayOutputStream to) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                if (to.size() < 65536) {
                    to.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                to.write(b, off, Math.max(0, Math.min(len, 65536 - to.size())));
            }
        };
    }

    /** Counts the bytes written and tells {@code progress} about once a second. */
    private static final class Counting extends OutputStream {
        private final OutputStream to;
        private final KmapTransfer.Progress progress;
        private final long t0;
        private long bytes;
        private long lastReport;

        Counting(OutputStream to, KmapTransfer.Progress progress, long t0) {
            this.to = to;
            this.progress = progress;
            this.t0 = t0;
            this.lastReport = t0;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            to.write(b, off, len);
            bytes += len;
            long now = System.nanoTime();
            if (now - lastReport >= 1_000_000_000L) {
                lastReport = now;
                progress.update(bytes, Duration.ofNanos(now - t0), OptionalLong.empty());
            }
        }

        @Override
        public void flush() throws IOException {
            to.flush();
        }

        @Override
        public void close() throws IOException {
            to.close();
        }
    }
}
