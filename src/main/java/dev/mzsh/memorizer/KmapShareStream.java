package dev.mzsh.memorizer;

import static dev.mzsh.machine.GuestScript.quote;

import dev.mzsh.machine.ExecResult;
import dev.mzsh.machine.GuestFileReader;
import dev.mzsh.machine.SharedDirectory;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;

/**
 * A background reader of {@code kmap_stream} in the guest writing into the share,
 * verified like a dump: mzsh-copy (or, without it, BusyBox cat | tee with
 * sha256sum) counts and hashes every byte it read, and at {@link #stop} the host
 * checks the part against that count and hash before it copies it out of the share
 * to its name in the run directory (reserved at start, so the number is the user's
 * to see). kmap_stream never ends by itself, so the capture runs until stop.
 */
public final class KmapShareStream implements StreamCapture {
    /** The reader starts at once; this bounds a guest too busy to show it. */
    private static final int START_POLLS = 400; // x 0.05 s
    /** After SIGTERM the reader writes its last block (at most 4 MiB) and its hash. */
    private static final int STOP_POLLS = 1200; // x 0.1 s

    private static final Duration SCRIPT_LIMIT = Duration.ofMinutes(3);
    /** One "at BYTES HASH" line per written block (at least every half second): far below this. */
    private static final long MAX_CHECKS_BYTES = 64L << 20;
    /** Guest shell: whether process $1 is still running (a reparented zombie has ended). */
    private static final String ALIVE =
            "alive() { s=$(cut -d' ' -f3 /proc/$1/stat 2>/dev/null); " + "[ -n \"$s\" ] && [ \"$s\" != Z ]; }\n";

    private final Memorizer memorizer;
    private final Path file;
    private final Path part;
    /** mzsh-copy's "at BYTES HASH" lines, in the share: what vouches for the part if the guest dies. */
    private final Path checks;

    private final String scratch;
    private final long job;
    private final long reader;
    private final Instant started;
    private final long startedNanos;

    private KmapShareStream(
            Memorizer memorizer, Path file, Path part, Path checks, String scratch, long job, long reader) {
        this.memorizer = memorizer;
        this.file = file;
        this.part = part;
        this.checks = checks;
        this.scratch = scratch;
        this.job = job;
        this.reader = reader;
        this.started = Instant.now();
        this.startedNanos = System.nanoTime();
    }

    /** Starts capturing into the next free {@code kmap-stream-NNN.kmap} of {@code runDir}. */
    public static KmapShareStream start(Memorizer memorizer, Path runDir) throws IOException, InterruptedException {
        return start(memorizer, runDir, KmapShareCopy.COPY_TOOL);
    }

    /** As {@link #start(Memorizer, Path)} with the guest's mzsh-copy at {@code tool} (tests run it on the host). */
    static KmapShareStream start(Memorizer memorizer, Path runDir, String tool)
            throws IOException, InterruptedException {
        if (memorizer.stream().isPresent()) {
            throw new MemorizerException(
                    "a capture already runs into " + memorizer.stream().get().file());
        }
        String stream = memorizer.abi().path(Control.KMAP_STREAM);
        Path file = reserve(runDir);
        String token = ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime());
        SharedDirectory share = memorizer.target().share().orElseThrow();
        // fresh names: a part or scratch file the guest prepared cannot be taken for ours
        Path part = share.host().resolve("." + file.getFileName() + "-" + token + ".part");
        Path checks = share.host().resolve("." + file.getFileName() + "-" + token + ".at");
        String scratch = "/tmp/mzsh-stream-" + token;
        String[] pids;
        try {
            pids = memorizer
                    .run(startScript(tool, stream, share.guestPath(part), share.guestPath(checks), scratch))
                    .strip()
                    .split(" ");
            if (pids.length != 2 || !pids[0].matches("[0-9]{1,9}") || !pids[1].matches("[0-9]{1,9}")) {
                throw new MemorizerException("the guest gave no reader pid for " + stream);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            Files.deleteIfExists(file);
            Files.deleteIfExists(part);
            Files.deleteIfExists(checks);
            throw e;
        }
        KmapShareStream c = new KmapShareStream(
                memorizer, file, part, checks, scratch, Long.parseLong(pids[0]), Long.parseLong(pids[1]));
        memorizer.stream(c);
        return c;
    }

    /**
     * Starts the reader in the background; prints "JOB READER": the process that ends
     * when the part and its "done BYTES HASH" line ({@code $t.sum}) are complete, and the
     * one to signal. mzsh-copy is both; in the fallback the job is a subshell that hashes
     * what tee passes on (as dump-kmap's fallback does) and the reader is cat.
     */
    static String startScript(String tool, String stream, String guestPart, String guestChecks, String scratch) {
        String p = quote(guestPart);
        return ALIVE + "t=" + scratch + "\n"
                + "if [ -x " + tool + " ]; then\n"
                + "  " + tool + " -s " + quote(stream) + " " + p + " $t.sum " + quote(guestChecks)
                + " </dev/null >/dev/null 2>$t.err &\n"
                + "  job=$!; echo $job > $t.pid\n"
                + "else\n"
                + "  mkfifo $t.in $t.fifo || exit 1\n"
                + "  ( sha256sum < $t.fifo > $t.sha &\n"
                + "    tee $t.fifo < $t.in > " + p + " &\n"
                + "    cat " + quote(stream) + " > $t.in & echo $! > $t.pid\n"
                + "    wait\n"
                + "    read s _ < $t.sha && echo \"done $(stat -c %s " + p + ") $s\" > $t.sum ) "
                + "</dev/null >/dev/null 2>$t.err &\n"
                + "  job=$!\n"
                + "fi\n"
                + "i=0\n"
                + "until [ -s $t.pid ] && [ -e " + p + " ]; do\n"
                + "  alive $job || { cat $t.err >&2; echo 'the kmap_stream reader ended at once' >&2; rm -f $t.*; exit 1; }\n"
                + "  i=$((i+1)); [ $i -le " + START_POLLS
                + " ] || { echo 'the kmap_stream reader did not start' >&2; exit 1; }\n"
                + "  sleep 0.05\n"
                + "done\n"
                + "echo \"$job $(cat $t.pid)\"\n";
    }

    /** Ends the reader, waits for it to finish the part, prints its "done BYTES HASH" line. */
    static String stopScript(long job, long reader, String scratch) {
        return ALIVE + "t=" + scratch + "\n"
                + "kill " + reader + " 2>/dev/null\n"
                + "i=0\n"
                + "while alive " + job + "; do\n"
                + "  i=$((i+1)); [ $i -le " + STOP_POLLS + " ] || { echo 'the kmap_stream reader (pid " + reader
                + ") did not stop within " + STOP_POLLS / 10 + " s of SIGTERM' >&2; exit 1; }\n"
                + "  sleep 0.1\n"
                + "done\n"
                + "if [ -s $t.sum ]; then head -c 200 $t.sum; rm -f $t.*; exit 0; fi\n"
                + "{ head -c 1000 $t.err; echo 'the kmap_stream reader ended without a byte count and hash'; } >&2\n"
                + "rm -f $t.*; exit 1\n";
    }

    static Path reserve(Path runDir) throws IOException {
        for (int n = 1; ; n++) {
            try {
                return Files.createFile(runDir.resolve(String.format("kmap-stream-%03d.kmap", n)));
            } catch (FileAlreadyExistsException e) {
                // taken: next number
            }
        }
    }

    public Path file() {
        return file;
    }

    /** The bytes captured so far: the part's size while it runs, the file's afterwards. */
    public long bytes() throws IOException {
        if (!Files.exists(part, LinkOption.NOFOLLOW_LINKS)) {
            return Files.size(file);
        }
        try (var ch = memorizer.target().share().orElseThrow().reader().open(part)) {
            return ch.size();
        }
    }

    public Duration running() {
        return Duration.between(started, Instant.now());
    }

    /**
     * Ends the guest's reader and verifies the part against the count and hash it
     * reports; only then does the file get the records (every one read so far).
     * Anything else keeps nothing: the part and the reserved name are deleted.
     *
     * @throws MemorizerException when the reader reported nothing or the part differs
     */
    public VerifiedCopy stop() throws IOException, InterruptedException {
        SharedDirectory share = memorizer.target().share().orElseThrow();
        boolean reserved = true;
        try {
            GuestCopyReport out = new GuestCopyReport();
            GuestCopyReport err = new GuestCopyReport();
            ExecResult r;
            try {
                r = memorizer.target().exec(stopScript(job, reader, scratch), SCRIPT_LIMIT, out, err);
            } finally {
                memorizer.stream(null);
            }
            if (!r.ok()) {
                String e = err.text().strip();
                throw new MemorizerException("stopping the capture failed ("
                        + (r.timedOut()
                                ? "the guest did not answer within " + SCRIPT_LIMIT.toSeconds() + " s"
                                : e.isEmpty()
                                        ? "exit status " + r.status()
                                        : e.lines().findFirst().orElse(e))
                        + "); nothing was kept");
            }
            String stream = memorizer.abi().path(Control.KMAP_STREAM);
            VerifiedCopy c = VerifiedCopy.check(share, part, out, stream, startedNanos);
            // The reserved (empty) name is mzsh's own, outside the share: give it the copy.
            Files.deleteIfExists(file);
            reserved = false;
            KmapFiles.publish(share, c, file);
            return c;
        } finally {
            Files.deleteIfExists(part);
            Files.deleteIfExists(checks);
            if (reserved) {
                Files.deleteIfExists(file);
            }
        }
    }

    /**
     * The guest died with the reader running: keeps the part's first BYTES, where "at BYTES
     * HASH" is the reader's last check line and the host's hash of those bytes equals HASH.
     * Bytes after it (the block being written when the guest stopped) are not kept.
     */
    @Override
    public VerifiedCopy salvage() throws IOException {
        memorizer.stream(null);
        boolean kept = false;
        try {
            SharedDirectory share = memorizer.target().share().orElseThrow();
            GuestFileReader files = share.reader();
            String lastCheck = null;
            if (Files.exists(checks, LinkOption.NOFOLLOW_LINKS)) {
                try (FileChannel ch = files.open(checks)) {
                    if (ch.size() > MAX_CHECKS_BYTES) {
                        throw new MemorizerException("the reader's check file is larger than it can be; nothing kept");
                    }
                    String text = new String(
                            java.nio.channels.Channels.newInputStream(ch).readAllBytes(), StandardCharsets.US_ASCII);
                    // only complete lines count: the last one may have been cut by the crash
                    for (String line :
                            text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
                        if (line.matches("at [0-9]{1,19} [0-9a-f]{8}")) {
                            lastCheck = line;
                        }
                    }
                }
            }
            if (lastCheck == null) {
                throw new MemorizerException(
                        "the reader had checked no bytes yet (or ran without mzsh-copy); " + "nothing kept");
            }
            String[] f = lastCheck.split(" ");
            long bytes = Long.parseLong(f[1]);
            try (FileChannel ch = files.open(part)) {
                if (ch.size() < bytes) {
                    throw new MemorizerException("the capture holds " + ch.size() + " bytes, fewer than the " + bytes
                            + " its reader checked; nothing kept");
                }
                String hash = KmapHash.XXH32.hashPrefix(ch, bytes);
                if (!hash.equals(f[2])) {
                    throw new MemorizerException("the capture's first " + bytes + " bytes do not match its reader's "
                            + "hash (xxh32 " + f[2] + ", host " + hash + "); nothing kept");
                }
                try (FileChannel out = FileChannel.open(
                        file,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING,
                        LinkOption.NOFOLLOW_LINKS)) {
                    for (long pos = 0; pos < bytes; ) {
                        pos += ch.transferTo(pos, bytes - pos, out);
                    }
                }
                kept = true;
                return new VerifiedCopy(file, bytes, KmapHash.XXH32, hash, running());
            }
        } finally {
            Files.deleteIfExists(part);
            Files.deleteIfExists(checks);
            if (!kept) {
                Files.deleteIfExists(file);
            }
        }
    }
}
