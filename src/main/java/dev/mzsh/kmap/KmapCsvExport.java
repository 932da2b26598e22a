package dev.mzsh.kmap;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Writes a kmap as the two CSV files the newest kernels offer beside it, with their header
 * lines: {@code allocations.csv} ({@value #ALLOCATIONS_HEADER}: ten names over rows of eleven
 * values, the command included, as the kernel has it) and {@code accesses.csv}
 * ({@value #ACCESSES_HEADER}, or without {@code pid} when the kmap's access lines have none;
 * {@code alloc_index} is the object's, the pid unsigned as the kernel's {@code %llu} prints
 * it). Object lines of 11 fields are copied as they are; older generations' lines get the
 * columns they lack empty. Both files are written under temporary names and renamed only
 * when complete; existing files are never overwritten.
 */
public final class KmapCsvExport {
    public static final String ALLOCATIONS = "allocations.csv";
    public static final String ACCESSES = "accesses.csv";
    static final String ALLOCATIONS_HEADER = FormatProbe.ALLOCATIONS_HEADER;
    static final String ACCESSES_HEADER = FormatProbe.ACCESSES_HEADER;
    static final String ACCESSES_NO_PID_HEADER = FormatProbe.ACCESSES_NO_PID_HEADER;

    /** What was written: rows of each file (headers not counted) and lines skipped (lenient). */
    public record Result(
            KmapFormat format,
            Path allocations,
            Path accesses,
            long objects,
            long accessLines,
            long badLines,
            long orphanedAccessLines,
            String firstBadLine) {}

    private KmapCsvExport() {}

    /**
     * Exports {@code kmap} into {@code dir} (created if missing).
     *
     * @throws FileAlreadyExistsException when dir already has allocations.csv or accesses.csv
     * @throws KmapSyntaxException        the first malformed line (not lenient); nothing is left behind
     */
    public static Result export(Path kmap, Path dir, boolean lenient) throws IOException, KmapSyntaxException {
        Path alloc = dir.resolve(ALLOCATIONS);
        Path acc = dir.resolve(ACCESSES);
        for (Path p : new Path[] {alloc, acc}) {
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(p.toString(), null, "exists; remove it or choose another --out");
            }
        }
        try (FileChannel ch = FileChannel.open(kmap)) {
            KmapFormat format = FormatProbe.detect(kmap, ch, lenient);
            if (format.isCsv()) {
                throw new KmapSyntaxException(
                        kmap,
                        1,
                        "is already the kernel's " + format.label() + " file; kmap csv reads a kmap",
                        firstLine(ch));
            }
            Files.createDirectories(dir);
            Path allocTmp = Files.createTempFile(dir, "." + ALLOCATIONS, ".partial");
            Path accTmp = Files.createTempFile(dir, "." + ACCESSES, ".partial");
            boolean done = false;
            try {
                Writer w;
                KmapReader.Outcome o;
                try (OutputStream a = new BufferedOutputStream(Files.newOutputStream(allocTmp), 1 << 16);
                        OutputStream b = new BufferedOutputStream(Files.newOutputStream(accTmp), 1 << 16)) {
                    a.write((ALLOCATIONS_HEADER + "\n").getBytes(StandardCharsets.US_ASCII));
                    b.write(((format.hasAccessPid() ? ACCESSES_HEADER : ACCESSES_NO_PID_HEADER) + "\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    w = new Writer(a, b, format.fields() == 11, format.hasAccessPid());
                    long size = ch.size();
                    o = new KmapReader(ch, size, format, lenient).readAll(w);
                }
                if (o.first() != null && (!lenient || o.stopped())) {
                    throw new KmapSyntaxException(
                            kmap,
                            o.first().line(),
                            o.first().problem(),
                            o.first().text());
                }
                Files.move(allocTmp, alloc);
                try {
                    Files.move(accTmp, acc);
                } catch (IOException e) {
                    Files.deleteIfExists(alloc);
                    throw e;
                }
                done = true;
                String first = o.first() == null
                        ? null
                        : o.first().line() + ": " + o.first().problem() + ": "
                                + o.first().text();
                return new Result(
                        format, alloc, acc, w.objects, w.accesses, o.badLines(), o.orphanedAccessLines(), first);
            } finally {
                if (!done) {
                    Files.deleteIfExists(allocTmp);
                    Files.deleteIfExists(accTmp);
                }
            }
        }
    }

    private static String firstLine(FileChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(120);
        ch.read(buf, 0);
        String text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
        int nl = text.indexOf('\n');
        return nl >= 0 ? text.substring(0, nl) : text;
    }

    /** Copies 11-field object lines as they are, fills the columns older lines lack, and reorders access lines' fields. */
    private static final class Writer implements KmapHandler {
        private final OutputStream allocOut;
        private final OutputStream accessOut;
        private final boolean elevenFields;
        private final boolean pidColumn;
        /** alloc_index of the current object, as written in the kmap. */
        private final byte[] serial = new byte[24];

        private int serialLen;
        long objects;
        long accesses;

        Writer(OutputStream allocOut, OutputStream accessOut, boolean elevenFields, boolean pidColumn) {
            this.allocOut = allocOut;
            this.accessOut = accessOut;
            this.elevenFields = elevenFields;
            this.pidColumn = pidColumn;
        }

        @Override
        public void object(KmapLine l) throws IOException {
            objects++;
            OutputStream o = allocOut;
            if (elevenFields) {
                o.write(l.buf, l.start, l.end + 1 - l.start);
            } else {
                // alloc_ip..free_ip, type, command, slab, new_type
                o.write(l.buf, l.start, l.fixedEnd - l.start);
                o.write(',');
                o.write(l.buf, l.typeStart, l.typeEnd - l.typeStart);
                o.write(',');
                o.write(l.buf, l.commandStart, l.commandEnd - l.commandStart);
                o.write(',');
                if (l.slabStart >= 0) {
                    o.write(l.buf, l.slabStart, l.slabEnd - l.slabStart);
                }
                o.write(',');
                o.write('\n');
            }
            serialLen = l.allocIndexEnd - l.allocIndexStart;
            System.arraycopy(l.buf, l.allocIndexStart, serial, 0, serialLen);
        }

        @Override
        public void access(KmapLine l) throws IOException {
            accesses++;
            OutputStream o = accessOut;
            o.write(serial, 0, serialLen);
            o.write(',');
            o.write(l.buf, l.accessIpStart, l.accessIpEnd - l.accessIpStart);
            o.write(',');
            if (pidColumn) {
                if (l.hasAccessPid()) {
                    if (l.buf[l.accessPidStart] == '-') {
                        o.write(Long.toUnsignedString(l.accessPid()).getBytes(StandardCharsets.US_ASCII));
                    } else {
                        o.write(l.buf, l.accessPidStart, l.accessPidEnd - l.accessPidStart);
                    }
                } // a from: line has no pid: the column stays empty
                o.write(',');
            }
            o.write(l.buf, l.writesStart, l.writesEnd - l.writesStart);
            o.write(',');
            o.write(l.buf, l.readsStart, l.readsEnd - l.readsStart);
            o.write('\n');
        }
    }
}
