package dev.mzsh.memorizer;

import static dev.mzsh.machine.GuestScript.quote;

import dev.mzsh.guest.GuestContract;
import dev.mzsh.machine.ExecResult;
import dev.mzsh.machine.SharedDirectory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * Copies the guest's kmap to the host through the shared directory and verifies
 * it: the guest counts and hashes the bytes it read from kmap, the host counts
 * and hashes the file it got. Only a verified copy is moved to its final name;
 * anything else is deleted.
 *
 * <p>The guest side is mzsh-copy (guest-tools/), one process that reads, hashes
 * (XXH32) and writes in 4 MiB blocks, which runs at the speed of the 9p share;
 * a guest image without it falls back to BusyBox (cat | tee | dd, sha256sum).
 * A copy that keeps making progress is never timed out; one that makes none for
 * {@link #STALL_LIMIT} is given up.
 */
public final class KmapShareCopy {
    /** No byte of kmap for this long: the copy is given up (a real KASAN kernel is slow, not silent). */
    public static final Duration STALL_LIMIT = Duration.ofMinutes(10);
    /** Where the guest image has mzsh-copy (initramfs GuestImageBuilder puts it there). */
    static final String COPY_TOOL = GuestContract.COPY_TOOL;
    /** Told the bytes copied so far, about once a second, while a copy runs. */
    public interface Progress {
        /** @param total the kmap's size when the guest's file system knows it (debugfs does not) */
        void update(long bytes, Duration elapsed, OptionalLong total);
    }

    private final Memorizer memorizer;
    private final Duration stallLimit;

    public KmapShareCopy(Memorizer memorizer) {
        this(memorizer, STALL_LIMIT);
    }

    KmapShareCopy(Memorizer memorizer, Duration stallLimit) {
        this.memorizer = memorizer;
        this.stallLimit = stallLimit;
    }

    /** The guest script: mzsh-copy when the image has it, else the BusyBox pipeline; both end with "done N HASH". */
    static String script(String kmap, String guestPart) {
        return "if [ -x " + COPY_TOOL + " ]; then exec " + COPY_TOOL + " " + quote(kmap) + " " + quote(guestPart)
                + "; fi\n"
                // sha256sum reads a fifo fed by tee, so it hashes the very bytes read from kmap;
                // dd writes 1 MiB blocks (small 9p writes cost a round trip each).
                + "set -o pipefail\n"
                + "t=/tmp/mzsh-dump.$$; mkfifo $t.fifo || exit 1\n"
                + "sha256sum < $t.fifo > $t.sum &\n"
                + "cat " + quote(kmap) + " | tee $t.fifo | dd bs=1M iflag=fullblock of=" + quote(guestPart)
                + " 2>$t.dd\n"
                + "rc=$?; wait\n"
                + "[ $rc = 0 ] || { cat $t.dd >&2; rm -f $t.*; exit $rc; }\n"
                + "n=$(stat -c %s " + quote(guestPart) + "); read s _ < $t.sum; rm -f $t.*\n"
                + "echo \"done $n $s\"\n";
    }

    /**
     * Copies kmap into {@code part} (a file in the shared directory that must not
     * exist) and verifies it. On any failure {@code part} is deleted.
     */
    public VerifiedCopy copy(Path part, Progress progress) throws IOException, InterruptedException {
        SharedDirectory share = memorizer.target().share().orElseThrow();
        String kmap = memorizer.abi().path(Control.KMAP);
        GuestCopyReport report = new GuestCopyReport();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long t0 = System.nanoTime();
        boolean done = false;
        ProgressWatch watch = new ProgressWatch(part, progress, report, t0, stallLimit, Thread.currentThread());
        try (watch) {
            ExecResult r;
            try {
                r = memorizer.target().exec(script(kmap, share.guestPath(part)), Duration.ZERO, report, err);
            } catch (InterruptedException e) {
                if (watch.stalled()) {
                    Thread.interrupted();
                    throw new MemorizerException("no byte of " + kmap + " arrived for " + stallLimit.toSeconds()
                            + " s; the copy was given up and nothing was kept");
                }
                throw e;
            }
            if (!r.ok()) {
                String e = err.toString(StandardCharsets.UTF_8).strip();
                throw new MemorizerException("copying " + kmap + " failed ("
                        + (e.isEmpty()
                                ? "exit status " + r.status()
                                : e.lines().findFirst().orElse(e)) + ")");
            }
            VerifiedCopy c = VerifiedCopy.check(share, part, report, kmap, t0);
            done = true;
            return c;
        } finally {
            if (!done) {
                Files.deleteIfExists(part);
            }
        }
    }

    /** Polls the growing file once a second, reports its size, and stops a copy that makes no progress. */
    private static final class ProgressWatch implements AutoCloseable {
        private final Thread thread;
        private volatile boolean stalled;

        ProgressWatch(
                Path file, Progress progress, GuestCopyReport report, long t0, Duration stallLimit, Thread copier) {
            thread = new Thread(
                    () -> {
                        long last = -1;
                        long lastChange = System.nanoTime();
                        try {
                            while (true) {
                                Thread.sleep(1000);
                                long n = Files.exists(file) ? Files.size(file) : 0;
                                long now = System.nanoTime();
                                if (n != last) {
                                    last = n;
                                    lastChange = now;
                                } else if (now - lastChange > stallLimit.toNanos()) {
                                    stalled = true;
                                    copier.interrupt();
                                    return;
                                }
                                progress.update(n, Duration.ofNanos(now - t0), report.size());
                            }
                        } catch (InterruptedException | IOException e) {
                            // copy finished (or the file went away): stop reporting
                        }
                    },
                    "mzsh-kmap-progress");
            thread.setDaemon(true);
            thread.start();
        }

        boolean stalled() {
            return stalled;
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join();
        }
    }
}
