package dev.mzsh.kmap;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Tells the format from the first object line (one that does not start with a space):
 * 11 fields is the current format, 8 the legacy one. Streams from the start of the file
 * and usually stops after one line.
 */
final class FormatProbe {
    private FormatProbe() {}

    /**
     * The format of the first object line with 8 or 11 fields. Strict: an earlier object line
     * with another field count is an error. Lenient: such lines are passed over.
     * {@link KmapFormat#NONE} when no object line fits.
     */
    static KmapFormat detect(Path file, FileChannel ch, boolean lenient) throws IOException, KmapSyntaxException {
        InputStream in = new BufferedInputStream(Channels.newInputStream(ch.position(0)), 1 << 16);
        long lineNo = 0;
        byte[] head = new byte[120];
        while (true) {
            int c = in.read();
            if (c < 0) {
                return KmapFormat.NONE;
            }
            lineNo++;
            int first = c;
            int fields = 1;
            int n = 0;
            while (c >= 0 && c != '\n') {
                if (c == ',') {
                    fields++;
                }
                if (n < head.length) {
                    head[n++] = (byte) c;
                }
                c = in.read();
            }
            if (first == '\n') {
                continue;
            }
            String text = new String(head, 0, n, StandardCharsets.UTF_8) + (n == head.length ? "..." : "");
            if (first == ' ') {
                if (!lenient) {
                    throw new KmapSyntaxException(file, lineNo, "access line before any object line", text);
                }
                continue;
            }
            KmapFormat f = KmapFormat.ofFieldCount(fields);
            if (f != null) {
                return f;
            }
            if (!lenient) {
                throw new KmapSyntaxException(file, lineNo, "object line has " + fields
                        + " fields; expected 11 (current format) or 8 (legacy format)", text);
            }
        }
    }
}
