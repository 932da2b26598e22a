package dev.mzsh.kmap;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Tells which generation printed a file from its first lines: a CSV header names the
 * kernel's {@code allocations} or {@code accesses} file; otherwise the field count most of the
 * first {@value #OBJECTS} object lines have, the smaller on a tie (8 oldest, 9 or 10 4.x, 11
 * v6.6 and later; a line with more has commas in its command, one with fewer is malformed),
 * and for 11 the first access line that is not a {@code from:} line (with a
 * pid: newest/v26; without: v6.6 pre-v26). Streams from the start of the file and stops
 * after at most {@value #LOOK_FOR_ACCESS} bytes.
 */
final class FormatProbe {
    /** Object lines looked at: the field count most of them have is the format's. */
    static final int OBJECTS = 64;
    /** How far to look for an access line that tells newest/v26 from pre-v26; live objects (with accesses) come first. */
    static final long LOOK_FOR_ACCESS = 4L << 20;

    /** {@code allocations}' header (newest and v26), with {@code _serial} or {@code _time} per memorizer_index_type. */
    static final String ALLOCATIONS_HEADER =
            "alloc_ip,pid,ptr,size,alloc_serial,free_serial,free_ip,type,slab,new_type";

    static final String ALLOCATIONS_TIME_HEADER =
            "alloc_ip,pid,ptr,size,alloc_time,free_time,free_ip,type,slab,new_type";
    /** {@code accesses}' header with and without CONFIG_MEMORIZER_TRACKPIDS. */
    static final String ACCESSES_HEADER = "alloc_index,access_ip,pid,writes,reads";

    static final String ACCESSES_NO_PID_HEADER = "alloc_index,access_ip,writes,reads";

    private FormatProbe() {}

    /**
     * The format of the file. Strict: an access line or an object line of fewer than 8 fields
     * before the first good object line is an error; lenient: such lines are passed over.
     * {@link KmapFormat#NONE} when no object line fits.
     */
    static KmapFormat detect(Path file, FileChannel ch, boolean lenient) throws IOException, KmapSyntaxException {
        InputStream in = new BufferedInputStream(Channels.newInputStream(ch.position(0)), 1 << 16);
        long lineNo = 0;
        long offset = 0;
        byte[] head = new byte[120];
        int objects = 0;
        int[] counts = new int[12]; // object lines per field count, 11 standing for 11 or more
        int accessFields = 0;
        while (objects < OBJECTS || accessFields == 0 && counts[11] > 0) {
            int c = in.read();
            if (c < 0 || offset > LOOK_FOR_ACCESS && objects > 0) {
                break;
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
                offset++;
                c = in.read();
            }
            offset++;
            if (first == '\n') {
                continue;
            }
            String text = new String(head, 0, n, StandardCharsets.UTF_8) + (n == head.length ? "..." : "");
            if (lineNo == 1 && text.startsWith("alloc_")) {
                KmapFormat csv = csv(text);
                if (csv != null) {
                    return csv;
                }
                throw new KmapSyntaxException(
                        file,
                        lineNo,
                        "a header line that no Memorizer kernel prints (allocations: " + ALLOCATIONS_HEADER
                                + "; accesses: " + ACCESSES_HEADER + " or " + ACCESSES_NO_PID_HEADER + ")",
                        text);
            }
            if (first == ' ' && !paddedObject(head, n)) {
                if (objects == 0) {
                    if (!lenient) {
                        throw new KmapSyntaxException(file, lineNo, "access line before any object line", text);
                    }
                } else if (accessFields == 0 && !text.startsWith("  from:")) {
                    accessFields = fields;
                }
                continue;
            }
            if (fields >= 8) {
                objects++;
                counts[Math.min(fields, 11)]++;
            } else if (objects == 0 && !lenient) {
                throw new KmapSyntaxException(
                        file,
                        lineNo,
                        "object line has " + fields
                                + " fields; Memorizer kernels print 11 (v6.6 and later), 10 or 9 (4.x) or 8 (the oldest)",
                        text);
            }
        }
        if (objects == 0) {
            return KmapFormat.NONE;
        }
        int mode = 8;
        for (int k = 9; k <= 11; k++) {
            if (counts[k] > counts[mode]) {
                mode = k;
            }
        }
        KmapFormat f = KmapFormat.ofFieldCount(mode);
        if (f == KmapFormat.ELEVEN) {
            return accessFields == 4 ? KmapFormat.CURRENT : accessFields == 3 ? KmapFormat.PRE_V26 : KmapFormat.ELEVEN;
        }
        return f;
    }

    /** The CSV file a header line names, or null. Also takes the headers memorizer-sim wrote before it printed the real ones. */
    private static KmapFormat csv(String header) {
        return switch (header) {
            case ALLOCATIONS_HEADER,
                    ALLOCATIONS_TIME_HEADER,
                    "alloc_ip,pid,ptr,size,alloc_serial,free_serial,free_ip,type,command,slab,new_type" ->
                KmapFormat.ALLOCATIONS;
            case ACCESSES_HEADER, "alloc_serial,access_ip,pid,writes,reads" -> KmapFormat.ACCESSES;
            case ACCESSES_NO_PID_HEADER -> KmapFormat.ACCESSES_NO_PID;
            default -> null;
        };
    }

    /** Whether a line starting with a space is an object line whose alloc_ip is a right-justified {@code (null)}. */
    private static boolean paddedObject(byte[] head, int n) {
        byte[] line = Arrays.copyOf(head, n + 2);
        line[n] = '\n';
        return LineDecoder.isPaddedPlaceholderObject(line, 0);
    }
}
