package dev.mzsh.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * A digest of what decides a build: every file of the source tree by path, size
 * and modification time (reading 1 GB of source would take longer than the check
 * is meant to), the base config and the fragments by content. Also the checksum
 * the tests use to show a build left the tree alone.
 */
public final class SourceFingerprint {
    /** Bumped when mzsh builds differently (targets, steps), so older builds are not taken as current. */
    static final String RECIPE = "mzsh-kernel-build-1";

    private SourceFingerprint() {}

    public static String of(KernelBuildRequest r) throws IOException {
        MessageDigest sha = DigestUtils.getSha256Digest();
        update(sha, RECIPE);
        update(sha, tree(r.source()));
        update(sha, r.base().describe());
        if (r.base().file().isPresent()) {
            sha.update(Files.readAllBytes(r.base().file().get()));
        }
        for (Path f : r.fragments()) {
            update(sha, f.getFileName().toString());
            sha.update(Files.readAllBytes(f));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Path, size and mtime of every file under {@code dir} except .git, in path order. */
    public static String tree(Path dir) throws IOException {
        List<String> entries = new ArrayList<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
                return d.getFileName() != null && d.getFileName().toString().equals(".git") && !d.equals(dir)
                        ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
                entries.add(dir.relativize(f) + "\0" + a.size() + "\0"
                        + a.lastModifiedTime().toMillis());
                return FileVisitResult.CONTINUE;
            }
        });
        entries.sort(null);
        MessageDigest sha = DigestUtils.getSha256Digest();
        for (String e : entries) {
            update(sha, e);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void update(MessageDigest sha, String s) {
        sha.update(s.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\n');
    }
}
