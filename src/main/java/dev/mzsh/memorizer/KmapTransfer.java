package dev.mzsh.memorizer;

import dev.mzsh.target.ExecResult;
import dev.mzsh.target.SharedDirectory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Copies the guest's kmap to the host through the shared directory, streamed
 * (cat | tee | dd), and verifies it: the guest hashes the bytes it read from
 * kmap and reports the size it wrote, the host counts and hashes the file it got. Only a verified copy is moved to
 * its final name; anything else is deleted.
 */
public final class KmapTransfer {
    /** A finished, verified copy. */
    public record Copied(Path file, long bytes, String sha256, Duration took) {}

    /** Told the bytes copied so far, about once a second, while a copy runs. */
    public interface Progress {
        void update(long bytes, Duration elapsed);
    }

    private final Memorizer memorizer;

    public KmapTransfer(Memorizer memorizer) {
        this.memorizer = memorizer;
    }

    /**
     * Copies kmap into {@code part} (a file in the shared directory that must not
     * exist) and verifies it. On any failure {@code part} is deleted.
     */
    public Copied copy(Path part, Progress progress) throws IOException, InterruptedException {
        SharedDirectory share = memorizer.target().share();
        String kmap = memorizer.abi().path(Control.KMAP);
        String guestPart = share.guestPath(part);
        // sha256sum reads a fifo fed by tee, so it hashes the very bytes read from kmap;
        // equal hashes imply equal lengths, so the guest's count is the size it sees of
        // the file (a second fifo for wc cost a third of the throughput under TCG).
        // dd writes 1 MiB blocks: small writes over 9p cost a round trip each (cat's
        // own writes ran at about 1 MB/s here). pipefail catches a short read or write.
        String script = "set -o pipefail\n"
                + "t=/tmp/mzsh-dump.$$; mkfifo $t.fifo || exit 1\n"
                + "sha256sum < $t.fifo > $t.sum &\n"
                + "cat " + kmap + " | tee $t.fifo | dd bs=1M iflag=fullblock of=" + q(guestPart) + " 2>$t.dd\n"
                + "rc=$?; wait\n"
                + "[ $rc = 0 ] || { cat $t.dd >&2; rm -f $t.*; exit $rc; }\n"
                + "n=$(stat -c %s " + q(guestPart) + "); read s _ < $t.sum; rm -f $t.*\n"
                + "echo \"$n $s\"\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long t0 = System.nanoTime();
        boolean done = false;
        try (ProgressWatch ignored = new ProgressWatch(part, progress, t0)) {
            ExecResult r = memorizer.target().exec(script, Duration.ZERO, out, err);
            if (!r.ok()) {
                String e = err.toString(StandardCharsets.UTF_8).strip();
                throw new MemorizerException("copying " + kmap + " failed ("
                        + (e.isEmpty() ? "exit status " + r.status() : e.lines().findFirst().orElse(e)) + ")");
            }
            String[] guest = out.toString(StandardCharsets.UTF_8).strip().split(" ");
            if (guest.length != 2) {
                throw new MemorizerException("the guest reported no byte count and sha256 ('"
                        + out.toString(StandardCharsets.UTF_8).strip() + "')");
            }
            long guestBytes = Long.parseLong(guest[0]);
            String guestSha = guest[1];
            long hostBytes = Files.size(part);
            String hostSha = sha256(part);
            if (hostBytes != guestBytes || !hostSha.equals(guestSha)) {
                throw new MemorizerException("the copy does not match: guest read " + guestBytes
                        + " bytes sha256 " + guestSha + ", host got " + hostBytes + " bytes sha256 " + hostSha
                        + "; nothing was kept");
            }
            done = true;
            return new Copied(part, hostBytes, hostSha, Duration.ofNanos(System.nanoTime() - t0));
        } finally {
            if (!done) {
                Files.deleteIfExists(part);
            }
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static String q(String path) {
        return "'" + path.replace("'", "'\\''") + "'";
    }

    /** Polls the growing file once a second and reports its size. */
    private static final class ProgressWatch implements AutoCloseable {
        private final Thread thread;

        ProgressWatch(Path file, Progress progress, long t0) {
            thread = new Thread(() -> {
                try {
                    while (true) {
                        Thread.sleep(1000);
                        long n = Files.exists(file) ? Files.size(file) : 0;
                        progress.update(n, Duration.ofNanos(System.nanoTime() - t0));
                    }
                } catch (InterruptedException | IOException e) {
                    // copy finished (or the file went away): stop reporting
                }
            }, "mzsh-kmap-progress");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join();
        }
    }
}
