package dev.mzsh.initramfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * A cheap fingerprint of build inputs: paths with size, modification time and
 * file identity, the way make and git's index tell that nothing changed without
 * reading contents. Used as a key in front of the content hash.
 */
public final class InputStamp {
    private final StringBuilder text = new StringBuilder();

    public InputStamp value(String name, Object value) {
        text.append(name).append('=').append(value).append('\n');
        return this;
    }

    /** A file, or every entry of a directory tree; absent paths count too. */
    public InputStamp path(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            text.append(path).append(" absent\n");
            return this;
        }
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> walk = Files.walk(path)) {
                for (Path p : walk.sorted().toList()) {
                    entry(p);
                }
            }
        } else {
            entry(path);
        }
        return this;
    }

    private void entry(Path p) throws IOException {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        text.append(p)
                .append(' ')
                .append(a.size())
                .append(' ')
                .append(a.lastModifiedTime().toMillis())
                .append(' ')
                .append(a.fileKey())
                .append(' ')
                .append(Files.isExecutable(p) ? 'x' : '-')
                .append('\n');
    }

    public String key() {
        return HexFormat.of()
                .formatHex(DigestUtils.getSha256Digest().digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    }
}
