package dev.mzsh.kmap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Renders a {@link KmapSummary}: aligned text for a terminal, or JSON. */
public final class KmapReport {
    /** Made on first use: Jackson's start-up is not paid by text reports. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    private KmapReport() {}

    /** Everything in the summary as text. */
    public static void print(KmapSummary s, PrintStream out) {
        print(s, out, Integer.MAX_VALUE);
    }

    /** As text, with at most {@code top} rows per list. */
    public static void print(KmapSummary s, PrintStream out, int top) {
        out.print(text(s, top));
    }

    /** The text report followed by the access map's section (its top pairs, or that there are none). */
    public static String text(KmapResults r, int top) {
        if (r.access() == null) {
            return text(r.summary(), top);
        }
        StringBuilder o = new StringBuilder(text(r.summary(), top));
        AccessReport.summarySection(o, r.access(), top);
        return o.toString();
    }

    /**
     * The text report. Built with a StringBuilder, not printf: a report has some 150 fields
     * and java.util.Formatter, run cold once per process, took most of its ~50 ms.
     */
    public static String text(KmapSummary s, int top) {
        StringBuilder o = new StringBuilder(8192);
        o.append("kmap ")
                .append(s.file())
                .append(": ")
                .append(s.format().label())
                .append(" format\n");
        o.append("objects   ")
                .append(n(s.objects()))
                .append(" (live ")
                .append(n(s.live()))
                .append(", freed ")
                .append(n(s.freed()))
                .append(", overwritten ")
                .append(n(s.overwritten()))
                .append(")\n");
        o.append("bytes     ")
                .append(n(s.bytes()))
                .append(" (")
                .append(human(s.bytes()))
                .append(")\n");
        o.append("accesses  ")
                .append(n(s.accessLines()))
                .append(" lines, ")
                .append(n(s.reads()))
                .append(" reads, ")
                .append(n(s.writes()))
                .append(" writes\n");
        if (s.badLines() > 0 || s.orphanedAccessLines() > 0) {
            o.append("skipped   ")
                    .append(n(s.badLines()))
                    .append(" malformed lines, ")
                    .append(n(s.orphanedAccessLines()))
                    .append(" access lines of malformed objects; first: line ")
                    .append(s.firstBadLine())
                    .append('\n');
        }
        if (s.hashedPointers() > 0) {
            o.append("warning   ")
                    .append(n(s.hashedPointers()))
                    .append(" pointers are hashed or placeholders: the kmap was"
                            + " taken without no_hash_pointers, so its addresses cannot map to symbols\n");
        }
        if (s.nullPointers() > 0) {
            o.append("note      ").append(n(s.nullPointers())).append(" pointers printed as (null), counted as 0\n");
        }
        if (s.sourceNote() != null) {
            o.append("note      ").append(s.sourceNote()).append('\n');
        }
        String cmd = s.format() == KmapFormat.LEGACY ? "executable" : "command";
        sites(o, "allocation sites by count", s.distinctAllocSites(), s.allocSitesByCount(), top);
        sites(o, "allocation sites by bytes", s.distinctAllocSites(), s.allocSitesByBytes(), top);
        if (s.components() != null && !s.components().isEmpty()) {
            named(
                    o,
                    "components (source directories of allocation sites) by count",
                    "directory",
                    s.components().size(),
                    s.components(),
                    top);
        }
        if (!s.format().hasSlab() && s.format() != KmapFormat.NONE) {
            o.append("\nslab caches: none in the ").append(s.format().label()).append(" format\n");
        } else {
            named(o, "slab caches by count", "cache", s.distinctCaches(), s.cachesByCount(), top);
            named(o, "slab caches by bytes", "cache", s.distinctCaches(), s.cachesByBytes(), top);
        }
        named(o, cmd + "s by count", cmd, s.distinctCommands(), s.commandsByCount(), top);
        named(o, cmd + "s by bytes", cmd, s.distinctCommands(), s.commandsByBytes(), top);
        accesses(o, "access sites by reads", s.distinctAccessSites(), s.accessSitesByReads(), top);
        accesses(o, "access sites by writes", s.distinctAccessSites(), s.accessSitesByWrites(), top);
        List<String[]> rows = new ArrayList<>();
        for (KmapSummary.SizeBucket b : s.sizes()) {
            rows.add(new String[] {
                n(b.count()),
                n(b.bytes()),
                b.from() == b.to()
                        ? Long.toUnsignedString(b.from())
                        : Long.toUnsignedString(b.from()) + "-" + Long.toUnsignedString(b.to())
            });
        }
        table(o, "object sizes (power-of-two buckets)", new String[] {"objects", "bytes", "size"}, rows);
        return o.toString();
    }

    /** The summary as indented JSON (field names as in {@link KmapSummary}). */
    public static void printJson(KmapSummary s, OutputStream out) throws IOException {
        out.write(Json.MAPPER.writeValueAsBytes(s));
        out.write('\n');
        out.flush();
    }

    private static void sites(StringBuilder o, String title, int distinct, List<KmapSummary.Site> list, int top) {
        List<String[]> rows = new ArrayList<>();
        for (KmapSummary.Site x : first(list, top)) {
            rows.add(new String[] {n(x.count()), n(x.bytes()), site(x.symbol(), x.address(), x.source())});
        }
        table(o, title + " (" + n(distinct) + " sites)", new String[] {"objects", "bytes", "site"}, rows);
    }

    private static void named(
            StringBuilder o, String title, String what, int distinct, List<KmapSummary.Named> list, int top) {
        List<String[]> rows = new ArrayList<>();
        for (KmapSummary.Named x : first(list, top)) {
            rows.add(new String[] {n(x.count()), n(x.bytes()), x.name().isEmpty() ? "(empty)" : x.name()});
        }
        table(o, title + " (" + n(distinct) + ")", new String[] {"objects", "bytes", what}, rows);
    }

    private static void accesses(
            StringBuilder o, String title, int distinct, List<KmapSummary.AccessSite> list, int top) {
        List<String[]> rows = new ArrayList<>();
        for (KmapSummary.AccessSite x : first(list, top)) {
            rows.add(new String[] {n(x.reads()), n(x.writes()), n(x.lines()), site(x.symbol(), x.address(), x.source())
            });
        }
        table(o, title + " (" + n(distinct) + " sites)", new String[] {"reads", "writes", "lines", "site"}, rows);
    }

    private static <T> List<T> first(List<T> list, int top) {
        return list.subList(0, Math.min(top, list.size()));
    }

    /** Numbers right-aligned, the last column (a name) left-aligned. */
    private static void table(StringBuilder o, String title, String[] head, List<String[]> rows) {
        o.append('\n').append(title).append('\n');
        if (rows.isEmpty()) {
            o.append("  (none)\n");
            return;
        }
        int[] w = new int[head.length];
        for (int i = 0; i < head.length; i++) {
            w[i] = head[i].length();
            for (String[] r : rows) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        line(o, head, w);
        for (String[] r : rows) {
            line(o, r, w);
        }
    }

    private static void line(StringBuilder o, String[] cells, int[] w) {
        o.append(' ');
        for (int i = 0; i < cells.length; i++) {
            o.append(' ');
            if (i == cells.length - 1) {
                o.append(cells[i]);
            } else {
                o.append(" ".repeat(w[i] - cells[i].length())).append(cells[i]);
            }
        }
        o.append('\n');
    }

    /** {@code symbol (address) file:line}, the parts that are known. */
    static String site(String symbol, String address, String source) {
        String s = symbol == null ? address : symbol + " (" + address + ")";
        return source == null ? s : s + " " + source;
    }

    private static String n(long v) {
        return Quantity.count(v);
    }

    private static String human(long bytes) {
        return Quantity.bytes(bytes);
    }
}
