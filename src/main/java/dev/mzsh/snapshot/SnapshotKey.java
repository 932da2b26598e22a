package dev.mzsh.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * Everything that shapes a guest, as one digest: the QEMU command line with the
 * run-specific parts (run directory, socket directory, forwarded host port, gdbstub)
 * taken out, the QEMU binary (path, size, time), the kernel and initramfs by content,
 * and, under KVM, the host CPU. Any change gives another key: a cold boot and a new snapshot.
 *
 * @param hex the SHA-256 as 64 hex digits
 */
public record SnapshotKey(String hex) {
    /** Bumped when what a snapshot holds changes meaning (2: the guest's RAM in a memory file). */
    static final String FORMAT = "mzsh-snapshot-2";

    private static final Pattern HOST_PORT = Pattern.compile("hostfwd=tcp:127\\.0\\.0\\.1:\\d+-");

    public SnapshotKey {
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a snapshot key: " + hex);
        }
    }

    /** The first 16 digits: the snapshot's directory name and how users see it. */
    public String shortName() {
        return hex.substring(0, 16);
    }

    /**
     * @param qemuArgs   the QEMU argument list of the cold boot (binary first)
     * @param runSpecific paths that differ per run and shape nothing (socket directory, run directory)
     * @param hostCpu    the host CPU's description when the guest's CPU depends on it (KVM), else empty
     */
    public static SnapshotKey of(List<String> qemuArgs, List<Path> runSpecific, String hostCpu) throws IOException {
        return of(qemuArgs, runSpecific, hostCpu, SnapshotKey::contentDigest);
    }

    /** The SHA-256 of a file's content, as hex. */
    @FunctionalInterface
    public interface Digests {
        String sha256(Path file) throws IOException;
    }

    /**
     * As {@link #of(List, List, String)}, with the kernel's and initramfs's digests from
     * {@code digests}: a caller that already knows one (the initramfs, digested as it was
     * copied; a kernel remembered by {@link ContentDigests}) saves reading it again.
     */
    public static SnapshotKey of(List<String> qemuArgs, List<Path> runSpecific, String hostCpu, Digests digests)
            throws IOException {
        MessageDigest sha = DigestUtils.getSha256Digest();
        update(sha, FORMAT);
        update(sha, hostCpu);
        Path binary = Path.of(qemuArgs.get(0));
        update(
                sha,
                binary + " " + Files.size(binary) + " "
                        + Files.getLastModifiedTime(binary).toMillis());
        for (String arg : normalised(qemuArgs, runSpecific)) {
            update(sha, arg);
        }
        for (String flag : List.of("-kernel", "-initrd")) {
            int i = qemuArgs.indexOf(flag);
            if (i >= 0 && i + 1 < qemuArgs.size()) {
                update(sha, flag + " " + digests.sha256(Path.of(qemuArgs.get(i + 1))));
            }
        }
        return new SnapshotKey(HexFormat.of().formatHex(sha.digest()));
    }

    /** The arguments that shape the guest, with run-specific values replaced by placeholders. */
    static List<String> normalised(List<String> args, List<Path> runSpecific) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-gdb") || a.equals("-kernel") || a.equals("-initrd")) {
                i++; // the gdbstub shapes nothing; kernel and initramfs count by content
                continue;
            }
            if (a.equals("-S")) {
                continue;
            }
            for (Path p : runSpecific) {
                a = a.replace(p.toString(), "$RUN");
            }
            out.add(HOST_PORT.matcher(a).replaceAll("hostfwd=tcp:127.0.0.1:\\$PORT-"));
        }
        return out;
    }

    static String contentDigest(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return DigestUtils.sha256Hex(in);
        }
    }

    private static void update(MessageDigest sha, String s) {
        sha.update(s.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
    }
}
