package dev.mzsh.memorizer;

import dev.mzsh.machine.ExecResult;
import dev.mzsh.machine.GuestScript;
import dev.mzsh.machine.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Copies kmap from a machine without a shared directory (an SSH target): the bytes
 * stream on the command's stdout straight into a new host file, while the machine
 * hashes (sha256) and counts the very bytes it read from kmap and reports them on
 * stderr; the host hashes what it received ({@link StreamedKmap}). Nothing of kmap is
 * written on the machine (its temporary directory holds FIFOs and the 64-byte sum);
 * anything but a matching copy is deleted.
 */
public final class KmapSshDownload {
    private final Target target;
    private final String kmap;

    public KmapSshDownload(Memorizer memorizer) {
        this(memorizer.target(), memorizer.abi().path(Control.KMAP));
    }

    KmapSshDownload(Target target, String kmap) {
        this.target = target;
        this.kmap = kmap;
    }

    /** The machine's side: kmap to stdout through tee, which also feeds sha256sum and wc; "done N SHA" on stderr. */
    static String script(String kmap) {
        return hashingTee(new GuestScript(), "{ cat %s || echo failed > \"$d/rc\"; } | tee \"$d/h\" \"$d/n\"", kmap)
                .line("rc=$?; wait")
                .line("[ ! -e \"$d/rc\" ] && [ $rc = 0 ] || exit 1")
                .line("read s _ < \"$d/sum\"; read n < \"$d/len\"")
                .line("echo \"done $n $s\" >&2")
                .text();
    }

    /**
     * The common start of a streaming script: a temporary directory removed at exit, FIFOs
     * h and n read by sha256sum and wc, then {@code tee} (the caller's line) feeding both.
     */
    static GuestScript hashingTee(GuestScript s, String teeLine, String source) {
        return s.line("d=$(mktemp -d) || exit 1")
                .line("trap 'rm -rf \"$d\"' EXIT")
                .line("mkfifo \"$d/h\" \"$d/n\" \"$d/in\" || exit 1")
                .line("sha256sum < \"$d/h\" > \"$d/sum\" &")
                .line("wc -c < \"$d/n\" > \"$d/len\" &")
                .line(teeLine, source);
    }

    /** Streams kmap into {@code part} (a new host file) and verifies it; on any failure {@code part} is deleted. */
    public VerifiedCopy copy(Path part, KmapShareCopy.Progress progress) throws IOException, InterruptedException {
        boolean done = false;
        try {
            VerifiedCopy c;
            try (StreamedKmap s = new StreamedKmap(part, progress)) {
                ExecResult r = target.exec(script(kmap), Duration.ZERO, s.data(), s.report());
                c = s.verify(part, kmap, r);
            }
            done = true;
            return c;
        } finally {
            if (!done) {
                Files.deleteIfExists(part);
            }
        }
    }
}
