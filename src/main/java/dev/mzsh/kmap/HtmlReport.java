package dev.mzsh.kmap;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A kmap report as one self-contained HTML file: the totals, bar charts of the top lists, the
 * access map as a heat map (accessing functions by object classes) and, when given, the diff
 * against another kmap. No script, no font, no image, nothing fetched: it opens from a CI
 * artifact or a mail as it is. Numbers are written as the text report writes them
 * ({@link Quantity}), and every total has an id ({@code total-objects}, ...), so a test can
 * read them back from the rendered page. Every name from the kmap is escaped.
 */
public final class HtmlReport {
    private static final int HEAT = 12;

    private HtmlReport() {}

    /** The page. {@code access} and {@code diff} may be null. */
    public static String render(KmapSummary s, AccessMap access, KmapDiff diff, int top) {
        StringBuilder o = new StringBuilder(32768);
        o.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append(
                        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
                .append("<title>kmap ")
                .append(MarkupText.escape(name(s.file())))
                .append("</title>\n<style>\n")
                .append(
                        "body{font:14px/1.4 sans-serif;margin:1.5em;color:#222}h1{font-size:1.3em}h2{font-size:1.1em;margin-top:1.6em}")
                .append("table{border-collapse:collapse}td,th{padding:2px 8px;text-align:right;white-space:nowrap}")
                .append("td.name,th.name{text-align:left;font-family:monospace}tr:nth-child(even){background:#f4f4f4}")
                .append(".bar{height:12px;background:#4a7ebb;display:inline-block}.bar.b{background:#d08a2c}")
                .append(
                        ".heat td{border:1px solid #ddd;min-width:3.5em}.heat th.col{writing-mode:vertical-rl;text-align:left;")
                .append("font-family:monospace;font-weight:normal;max-height:22em;overflow:hidden}")
                .append(".up{color:#b00}.down{color:#070}.note{color:#666}\n</style></head><body>\n");
        o.append("<h1>kmap <span class=\"name\">")
                .append(MarkupText.escape(s.file()))
                .append("</span></h1>\n<p>")
                .append(MarkupText.escape(s.format().label()))
                .append(" format</p>\n");
        totals(o, s);
        bars(o, "Allocation sites by count", "site", s.allocSitesByCount(), top, true);
        bars(o, "Allocation sites by bytes", "site", s.allocSitesByBytes(), top, false);
        if (s.components() != null && !s.components().isEmpty()) {
            named(
                    o,
                    "Components (source directories of allocation sites) by count",
                    "directory",
                    s.components(),
                    top,
                    true);
        }
        named(o, "Slab caches by count", "cache", s.cachesByCount(), top, true);
        named(o, "Commands by count", "command", s.commandsByCount(), top, true);
        accessSites(o, s, top);
        if (access != null) {
            heat(o, access);
        }
        if (diff != null) {
            diff(o, diff, top);
        }
        o.append("</body></html>\n");
        return o.toString();
    }

    /** Writes the page to {@code out}, a new file: written under a temporary name, then renamed (never over a file). */
    public static void write(Path out, String html) throws IOException {
        if (Files.exists(out)) {
            throw new FileAlreadyExistsException(out.toString());
        }
        Path tmp = out.resolveSibling("." + out.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write(html);
        }
        try {
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    private static void totals(StringBuilder o, KmapSummary s) {
        o.append("<h2>Totals</h2>\n<table>\n");
        row(o, "objects", s.objects());
        row(o, "live", s.live());
        row(o, "freed", s.freed());
        row(o, "overwritten", s.overwritten());
        row(o, "bytes", s.bytes());
        row(o, "access-lines", s.accessLines());
        row(o, "reads", s.reads());
        row(o, "writes", s.writes());
        o.append("</table>\n");
        if (s.hashedPointers() > 0) {
            o.append("<p class=\"note\">")
                    .append(Quantity.count(s.hashedPointers()))
                    .append(" pointers are hashed or"
                            + " placeholders: the kmap was taken without no_hash_pointers.</p>\n");
        }
        if (s.badLines() > 0) {
            o.append("<p class=\"note\">")
                    .append(Quantity.count(s.badLines()))
                    .append(" malformed lines skipped.</p>\n");
        }
        if (s.sourceNote() != null) {
            o.append("<p class=\"note\">")
                    .append(MarkupText.escape(s.sourceNote()))
                    .append("</p>\n");
        }
    }

    private static void row(StringBuilder o, String key, long v) {
        o.append("<tr><th class=\"name\">")
                .append(key)
                .append("</th><td id=\"total-")
                .append(key)
                .append("\">")
                .append(Quantity.count(v))
                .append("</td></tr>\n");
    }

    private static void bars(
            StringBuilder o, String title, String what, List<KmapSummary.Site> list, int top, boolean byCount) {
        List<String[]> rows = new ArrayList<>();
        List<Long> values = new ArrayList<>();
        for (KmapSummary.Site x : list.subList(0, Math.min(top, list.size()))) {
            rows.add(new String[] {
                Quantity.count(x.count()),
                Quantity.count(x.bytes()),
                KmapReport.site(x.symbol(), x.address(), x.source())
            });
            values.add(byCount ? x.count() : x.bytes());
        }
        chart(o, title, new String[] {"objects", "bytes", what}, rows, values, !byCount);
    }

    private static void named(
            StringBuilder o, String title, String what, List<KmapSummary.Named> list, int top, boolean byCount) {
        List<String[]> rows = new ArrayList<>();
        List<Long> values = new ArrayList<>();
        for (KmapSummary.Named x : list.subList(0, Math.min(top, list.size()))) {
            rows.add(new String[] {
                Quantity.count(x.count()), Quantity.count(x.bytes()), x.name().isEmpty() ? "(empty)" : x.name()
            });
            values.add(byCount ? x.count() : x.bytes());
        }
        chart(o, title, new String[] {"objects", "bytes", what}, rows, values, !byCount);
    }

    private static void accessSites(StringBuilder o, KmapSummary s, int top) {
        List<String[]> rows = new ArrayList<>();
        List<Long> values = new ArrayList<>();
        for (KmapSummary.AccessSite x : s.accessSitesByReads()
                .subList(0, Math.min(top, s.accessSitesByReads().size()))) {
            rows.add(new String[] {
                Quantity.count(x.reads()),
                Quantity.count(x.writes()),
                KmapReport.site(x.symbol(), x.address(), x.source())
            });
            values.add(x.reads());
        }
        chart(o, "Access sites by reads", new String[] {"reads", "writes", "site"}, rows, values, false);
    }

    /** A table whose rows carry a bar proportional to their value (the largest fills 300 px). */
    private static void chart(
            StringBuilder o, String title, String[] head, List<String[]> rows, List<Long> values, boolean second) {
        o.append("<h2>").append(MarkupText.escape(title)).append("</h2>\n");
        if (rows.isEmpty()) {
            o.append("<p class=\"note\">none</p>\n");
            return;
        }
        long max = 1;
        for (long v : values) {
            max = Math.max(max, v);
        }
        o.append("<table>\n<tr><th>")
                .append(head[0])
                .append("</th><th>")
                .append(head[1])
                .append("</th><th></th><th class=\"name\">")
                .append(head[2])
                .append("</th></tr>\n");
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            long px = Math.max(1, Math.round(300.0 * values.get(i) / max));
            o.append("<tr><td>")
                    .append(r[0])
                    .append("</td><td>")
                    .append(r[1])
                    .append("</td><td style=\"text-align:left\">")
                    .append("<span class=\"bar")
                    .append(second ? " b" : "")
                    .append("\" style=\"width:")
                    .append(px)
                    .append("px\"></span></td><td class=\"name\">")
                    .append(MarkupText.escape(r[2]))
                    .append("</td></tr>\n");
        }
        o.append("</table>\n");
    }

    /** The top accessors (rows) by the top object classes (columns), cells shaded by reads + writes (log scale). */
    private static void heat(StringBuilder o, AccessMap m) {
        o.append("<h2>Access map: accessing functions by object class (reads + writes)</h2>\n");
        if (m.pairCount() == 0) {
            o.append("<p class=\"note\">no access lines (log-access on before the workload; v26 and newer print them"
                    + " for live objects only)</p>\n");
            return;
        }
        Map<String, Long> rowTotal = new LinkedHashMap<>();
        Map<String, Long> colTotal = new LinkedHashMap<>();
        for (AccessMap.AccessPair p : m.pairs()) {
            rowTotal.merge(p.accessor(), p.accesses(), Long::sum);
            colTotal.merge(p.objectClass(), p.accesses(), Long::sum);
        }
        List<String> rows = topKeys(rowTotal);
        List<String> cols = topKeys(colTotal);
        Map<String, AccessMap.AccessPair> cell = new LinkedHashMap<>();
        long max = 1;
        for (AccessMap.AccessPair p : m.pairs()) {
            if (rows.contains(p.accessor()) && cols.contains(p.objectClass())) {
                cell.merge(
                        p.accessor() + "\u0000" + p.objectClass(),
                        p,
                        (x, y) -> new AccessMap.AccessPair(
                                x.accessor(),
                                x.allocSite(),
                                x.slab(),
                                x.type(),
                                x.reads() + y.reads(),
                                x.writes() + y.writes(),
                                x.objects() + y.objects(),
                                x.lines() + y.lines()));
                max = Math.max(max, p.accesses());
            }
        }
        o.append("<p class=\"note\">")
                .append(Quantity.count(m.pairCount()))
                .append(" pairs; the ")
                .append(rows.size())
                .append(" busiest functions by the ")
                .append(cols.size())
                .append(" most accessed classes</p>\n");
        o.append("<table class=\"heat\" id=\"heatmap\">\n<tr><th></th>");
        for (String c : cols) {
            o.append("<th class=\"col\">").append(MarkupText.escape(c)).append("</th>");
        }
        o.append("</tr>\n");
        double lmax = Math.log1p(max);
        for (String r : rows) {
            o.append("<tr><th class=\"name\">").append(MarkupText.escape(r)).append("</th>");
            for (String c : cols) {
                AccessMap.AccessPair p = cell.get(r + "\u0000" + c);
                if (p == null) {
                    o.append("<td></td>");
                    continue;
                }
                double a = Math.log1p(p.accesses()) / lmax;
                o.append("<td style=\"background:rgba(200,30,30,")
                        .append(String.format(java.util.Locale.ROOT, "%.2f", a))
                        .append(")\" title=\"reads ")
                        .append(Quantity.count(p.reads()))
                        .append(", writes ")
                        .append(Quantity.count(p.writes()))
                        .append(", objects ")
                        .append(Quantity.count(p.objects()))
                        .append("\">")
                        .append(Quantity.count(p.accesses()))
                        .append("</td>");
            }
            o.append("</tr>\n");
        }
        o.append("</table>\n");
    }

    private static List<String> topKeys(Map<String, Long> totals) {
        List<Map.Entry<String, Long>> e = new ArrayList<>(totals.entrySet());
        e.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Math.min(HEAT, e.size()); i++) {
            out.add(e.get(i).getKey());
        }
        return out;
    }

    private static void diff(StringBuilder o, KmapDiff d, int top) {
        o.append("<h2>Diff against <span class=\"name\">")
                .append(MarkupText.escape(d.a().file()))
                .append("</span></h2>\n<table>\n")
                .append("<tr><th></th><th>before</th><th>after</th><th>change</th></tr>\n");
        for (KmapDiff.Measure m : KmapDiff.Measure.values()) {
            long c = d.change(m);
            o.append("<tr><th class=\"name\">")
                    .append(m.label())
                    .append("</th><td>")
                    .append(Quantity.count(m.of(d.a())))
                    .append("</td><td>")
                    .append(Quantity.count(m.of(d.b())))
                    .append("</td><td id=\"change-")
                    .append(m.label())
                    .append("\" class=\"")
                    .append(c > 0 ? "up" : c < 0 ? "down" : "")
                    .append("\">")
                    .append(KmapDiffReport.signed(c))
                    .append("</td></tr>\n");
        }
        o.append("</table>\n");
        changes(o, "Allocation sites", d.sites(), top);
        changes(o, "Slab caches", d.caches(), top);
        changes(o, "Commands", d.commands(), top);
    }

    private static void changes(StringBuilder o, String title, List<KmapDiff.Change> list, int top) {
        o.append("<h2>").append(title).append(" changed</h2>\n");
        if (list.isEmpty()) {
            o.append("<p class=\"note\">no change</p>\n");
            return;
        }
        o.append(
                "<table>\n<tr><th>objects</th><th>bytes</th><th>before</th><th>after</th><th class=\"name\"></th></tr>\n");
        for (KmapDiff.Change c : list.subList(0, Math.min(top, list.size()))) {
            o.append("<tr><td class=\"")
                    .append(c.objects() > 0 ? "up" : "down")
                    .append("\">")
                    .append(KmapDiffReport.signed(c.objects()))
                    .append("</td><td>")
                    .append(KmapDiffReport.signed(c.bytes()))
                    .append("</td><td>")
                    .append(Quantity.count(c.objectsA()))
                    .append("</td><td>")
                    .append(Quantity.count(c.objectsB()))
                    .append("</td><td class=\"name\">")
                    .append(MarkupText.escape(c.key()))
                    .append("</td></tr>\n");
        }
        o.append("</table>\n");
    }

    private static String name(String file) {
        int slash = file.lastIndexOf('/');
        return slash < 0 ? file : file.substring(slash + 1);
    }
}
