package dev.mzsh.kmap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

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
        out.printf("kmap %s: %s format%n", s.file(), s.format().label());
        out.printf("objects   %s (live %s, freed %s, overwritten %s)%n", n(s.objects()), n(s.live()), n(s.freed()),
                n(s.overwritten()));
        out.printf("bytes     %s (%s)%n", n(s.bytes()), human(s.bytes()));
        out.printf("accesses  %s lines, %s reads, %s writes%n", n(s.accessLines()), n(s.reads()), n(s.writes()));
        if (s.badLines() > 0 || s.orphanedAccessLines() > 0) {
            out.printf("skipped   %s malformed lines, %s access lines of malformed objects; first: line %s%n",
                    n(s.badLines()), n(s.orphanedAccessLines()), s.firstBadLine());
        }
        if (s.hashedPointers() > 0) {
            out.printf("warning   %s pointers are hashed or placeholders: the kmap was taken without no_hash_pointers,"
                    + " so its addresses cannot map to symbols%n", n(s.hashedPointers()));
        }
        if (s.nullPointers() > 0) {
            out.printf("note      %s pointers printed as (null), counted as 0%n", n(s.nullPointers()));
        }
        String cmd = s.format() == KmapFormat.LEGACY ? "executable" : "command";
        sites(out, "allocation sites by count", s.distinctAllocSites(), s.allocSitesByCount(), top);
        sites(out, "allocation sites by bytes", s.distinctAllocSites(), s.allocSitesByBytes(), top);
        if (!s.format().hasSlab() && s.format() != KmapFormat.NONE) {
            out.printf("%nslab caches: none in the %s format%n", s.format().label());
        } else {
            named(out, "slab caches by count", "cache", s.distinctCaches(), s.cachesByCount(), top);
            named(out, "slab caches by bytes", "cache", s.distinctCaches(), s.cachesByBytes(), top);
        }
        named(out, cmd + "s by count", cmd, s.distinctCommands(), s.commandsByCount(), top);
        named(out, cmd + "s by bytes", cmd, s.distinctCommands(), s.commandsByBytes(), top);
        accesses(out, "access sites by reads", s.distinctAccessSites(), s.accessSitesByReads(), top);
        accesses(out, "access sites by writes", s.distinctAccessSites(), s.accessSitesByWrites(), top);
        List<String[]> rows = new ArrayList<>();
        for (KmapSummary.SizeBucket b : s.sizes()) {
            rows.add(new String[] {n(b.count()), n(b.bytes()), b.from() == b.to() ? Long.toUnsignedString(b.from())
                    : Long.toUnsignedString(b.from()) + "-" + Long.toUnsignedString(b.to())});
        }
        table(out, "object sizes (power-of-two buckets)", new String[] {"objects", "bytes", "size"}, rows);
    }

    /** The summary as indented JSON (field names as in {@link KmapSummary}). */
    public static void printJson(KmapSummary s, OutputStream out) throws IOException {
        out.write(Json.MAPPER.writeValueAsBytes(s));
        out.write('\n');
        out.flush();
    }

    private static void sites(PrintStream out, String title, int distinct, List<KmapSummary.Site> list, int top) {
        rows(out, title + " (" + n(distinct) + " sites)", new String[] {"objects", "bytes", "site"}, list, top,
                x -> new String[] {n(x.count()), n(x.bytes()), site(x.symbol(), x.address())});
    }

    private static void named(PrintStream out, String title, String what, int distinct, List<KmapSummary.Named> list,
            int top) {
        rows(out, title + " (" + n(distinct) + ")", new String[] {"objects", "bytes", what}, list, top,
                x -> new String[] {n(x.count()), n(x.bytes()), x.name().isEmpty() ? "(empty)" : x.name()});
    }

    private static void accesses(PrintStream out, String title, int distinct, List<KmapSummary.AccessSite> list,
            int top) {
        rows(out, title + " (" + n(distinct) + " sites)", new String[] {"reads", "writes", "lines", "site"}, list, top,
                x -> new String[] {n(x.reads()), n(x.writes()), n(x.lines()), site(x.symbol(), x.address())});
    }

    private static <T> void rows(PrintStream out, String title, String[] head, List<T> list, int top,
            Function<T, String[]> row) {
        List<String[]> rows = new ArrayList<>();
        for (T x : list.subList(0, Math.min(top, list.size()))) {
            rows.add(row.apply(x));
        }
        table(out, title, head, rows);
    }

    /** Numbers right-aligned, the last column (a name) left-aligned. */
    private static void table(PrintStream out, String title, String[] head, List<String[]> rows) {
        out.printf("%n%s%n", title);
        if (rows.isEmpty()) {
            out.println("  (none)");
            return;
        }
        int[] w = new int[head.length];
        for (int i = 0; i < head.length; i++) {
            w[i] = head[i].length();
            for (String[] r : rows) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        line(out, head, w);
        for (String[] r : rows) {
            line(out, r, w);
        }
    }

    private static void line(PrintStream out, String[] cells, int[] w) {
        StringBuilder sb = new StringBuilder(" ");
        for (int i = 0; i < cells.length; i++) {
            sb.append(' ');
            if (i == cells.length - 1) {
                sb.append(cells[i]);
            } else {
                sb.append(" ".repeat(w[i] - cells[i].length())).append(cells[i]);
            }
        }
        out.println(sb);
    }

    private static String site(String symbol, String address) {
        return symbol == null ? address : symbol + " (" + address + ")";
    }

    private static String n(long v) {
        return Quantity.count(v);
    }

    private static String human(long bytes) {
        return Quantity.bytes(bytes);
    }
}
