package dev.mzsh.kmap;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a kmap as the two CSV files the kernel offers beside it, with memorizer-sim's
 * header lines: {@code allocations.csv} (the object lines' fields, one row per object) and
 * {@code accesses.csv} ({@code alloc_serial,access_ip,pid,writes,reads}, one row per access
 * line, {@code alloc_serial} being its object's alloc_index). Both are written under
 * temporary names and renamed only when complete; existing files are never overwritten.
 */
public final class KmapCsvExport {
    public static final String ALLOCATIONS = "allocations.csv";
    public static final String ACCESSES = "accesses.csv";
    static final String CURRENT_ALLOCATIONS_HEADER =
            "alloc_ip,pid,ptr,size,alloc_serial,free_serial,free_ip,type,command,slab,new_type";
    static final String LEGACY_ALLOCATIONS_HEADER = "alloc_ip,pid,ptr,size,alloc_serial,free_serial,free_ip,command";
    static final String ACCESSES_HEADER = "alloc_serial,access_ip,pid,writes,reads";

    /** What was written: rows of each file (headers not counted) and lines skipped (lenient). */
    public record Result(KmapFormat format, Path allocations, Path accesses, long objects, long accessLines,
            long badLines, long orphanedAccessLines, String firstBadLine) {}

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
            if (Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(p.toString(), null, "exists; remove it or choose another --out");
            }
        }
        try (FileChannel ch = FileChannel.open(kmap)) {
            KmapFormat format = FormatProbe.detect(kmap, ch, lenient);
            Files.createDirectories(dir);
            Path allocTmp = Files.createTempFile(dir, "." + ALLOCATIONS, ".partial");
            Path accTmp = Files.createTempFile(dir, "." + ACCESSES, ".partial");
            boolean done = false;
            try {
                Writer w;
                KmapReader.Outcome o;
                try (OutputStream a = new BufferedOutputStream(Files.newOutputStream(allocTmp), 1 << 16);
                     OutputStream b = new BufferedOutputStream(Files.newOutputStream(accTmp), 1 << 16)) {
                    a.write(((format == KmapFormat.LEGACY ? LEGACY_ALLOCATIONS_HEADER : CURRENT_ALLOCATIONS_HEADER)
                            + "\n").getBytes(StandardCharsets.US_ASCII));
                    b.write((ACCESSES_HEADER + "\n").getBytes(StandardCharsets.US_ASCII));
                    w = new Writer(a, b);
                    long size = ch.size();
                    o = new KmapReader(ch, size, format, lenient).read(0, size, w, () -> false);
                }
                if (o.first() != null && (!lenient || o.stopped())) {
                    throw new KmapSyntaxException(kmap, o.first().line(), o.first().problem(), o.first().text());
                }
                Files.move(allocTmp, alloc);
                try {
                    Files.move(accTmp, acc);
                } catch (IOException e) {
                    Files.deleteIfExists(alloc);
                    throw e;
                }
                done = true;
                String first = o.first() == null ? null
                        : o.first().line() + ": " + o.first().problem() + ": " + o.first().text();
                return new Result(format, alloc, acc, w.objects, w.accesses, o.badLines(), o.orphanedAccessLines(), first);
            } finally {
                if (!done) {
                    Files.deleteIfExists(allocTmp);
                    Files.deleteIfExists(accTmp);
                }
            }
        }
    }

    /** Copies object lines as they are (same fields, same order) and reorders access lines' fields. */
    private static final class Writer implements KmapHandler {
        private final OutputStream allocOut;
        private final OutputStream accessOut;
        /** alloc_index of the current object, as written in the kmap. */
        private final byte[] serial = new byte[24];
        private int serialLen;
        long objects;
        long accesses;

        Writer(OutputStream allocOut, OutputStream accessOut) {
            this.allocOut = allocOut;
            this.accessOut = accessOut;
        }

        @Override
        public void object(KmapLine l) throws IOException {
            objects++;
            allocOut.write(l.buf, l.start, l.end + 1 - l.start);
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
            o.write(l.buf, l.accessPidStart, l.accessPidEnd - l.accessPidStart);
            o.write(',');
            o.write(l.buf, l.writesStart, l.writesEnd - l.writesStart);
            o.write(',');
            o.write(l.buf, l.readsStart, l.readsEnd - l.readsStart);
            o.write('\n');
        }
    }
}
