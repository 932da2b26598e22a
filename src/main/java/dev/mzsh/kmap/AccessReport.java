package dev.mzsh.kmap;

import java.io.IOException;
import java.util.List;

/** Renders an {@link AccessMap} as aligned text (the top pairs) or as CSV (every pair). */
public final class AccessReport {
    /** The CSV columns, one row per (accessor, object class) pair. */
    public static final String CSV_HEADER = "accessor,alloc_site,slab,alloc_type,reads,writes,objects,access_lines";

    private AccessReport() {}

    /** The totals and the {@code top} pairs with the most accesses. */
    public static String text(AccessMap m, int top) {
        StringBuilder o = new StringBuilder(4096);
        o.append("access map of ")
                .append(m.file())
                .append(": ")
                .append(m.format().label())
                .append(" format\n");
        o.append("objects   ")
                .append(Quantity.count(m.objects()))
                .append(", ")
                .append(Quantity.count(m.classes()))
                .append(" object classes (allocation site, slab cache, type)\n");
        o.append("accesses  ")
                .append(Quantity.count(m.accessLines()))
                .append(" lines, ")
                .append(Quantity.count(m.reads()))
                .append(" reads, ")
                .append(Quantity.count(m.writes()))
                .append(" writes by ")
                .append(Quantity.count(m.accessors()))
                .append(" functions in ")
                .append(Quantity.count(m.pairCount()))
                .append(" pairs\n");
        if (m.badLines() > 0 || m.orphanedAccessLines() > 0) {
            o.append("skipped   ")
                    .append(Quantity.count(m.badLines()))
                    .append(" malformed lines, ")
                    .append(Quantity.count(m.orphanedAccessLines()))
                    .append(" access lines of malformed objects; first: line ")
                    .append(m.firstBadLine())
                    .append('\n');
        }
        if (m.hashedPointers() > 0) {
            o.append("warning   ")
                    .append(Quantity.count(m.hashedPointers()))
                    .append(
                            " pointers are hashed or"
                                    + " placeholders: the kmap was taken without no_hash_pointers, so functions cannot be named\n");
        }
        if (m.accessLines() == 0) {
            o.append("\nno access lines: turn access logging on (log-access on) before the workload; v26 and newer"
                    + " kernels print them for live objects only (log-live on)\n");
            return o.toString();
        }
        pairs(o, m, top);
        components(o, m, top);
        return o.toString();
    }

    /**
     * The access map's section in the text summary: its top pairs, or one line saying the
     * kmap has no access lines (memorizer-sim's never do).
     */
    static void summarySection(StringBuilder o, AccessMap m, int top) {
        if (m.accessLines() == 0) {
            o.append("\naccess map: no access lines in this kmap (memorizer-sim records no loads or stores;"
                    + " on a Memorizer kernel turn access logging on: log-access on)\n");
            return;
        }
        pairs(o, m, top);
    }

    /** The {@code top} pairs by accesses as an aligned table. */
    private static void pairs(StringBuilder o, AccessMap m, int top) {
        List<AccessMap.AccessPair> shown = m.top(top);
        o.append("\ntop ")
                .append(shown.size())
                .append(" of ")
                .append(m.pairCount())
                .append(" pairs by accesses (accessing function -> objects by allocation site, slab cache, type)\n");
        String[] reads = new String[shown.size()];
        String[] writes = new String[shown.size()];
        String[] objects = new String[shown.size()];
        int wr = "reads".length();
        int ww = "writes".length();
        int wo = "objects".length();
        int wa = "accessor".length();
        for (int i = 0; i < shown.size(); i++) {
            AccessMap.AccessPair p = shown.get(i);
            reads[i] = Quantity.count(p.reads());
            writes[i] = Quantity.count(p.writes());
            objects[i] = Quantity.count(p.objects());
            wr = Math.max(wr, reads[i].length());
            ww = Math.max(ww, writes[i].length());
            wo = Math.max(wo, objects[i].length());
            wa = Math.max(wa, p.accessor().length());
        }
        o.append("  ");
        pad(o, "reads", wr).append("  ");
        pad(o, "writes", ww).append("  ");
        pad(o, "objects", wo).append("  ");
        o.append("accessor");
        o.append(" ".repeat(wa - "accessor".length())).append("  -> object class\n");
        for (int i = 0; i < shown.size(); i++) {
            AccessMap.AccessPair p = shown.get(i);
            o.append("  ");
            pad(o, reads[i], wr).append("  ");
            pad(o, writes[i], ww).append("  ");
            pad(o, objects[i], wo).append("  ");
            o.append(p.accessor())
                    .append(" ".repeat(wa - p.accessor().length()))
                    .append("  -> ")
                    .append(p.objectClass())
                    .append('\n');
        }
    }

    /** The component view: which source directory accesses objects allocated by which. */
    private static void components(StringBuilder o, AccessMap m, int top) {
        if (m.components().isEmpty()) {
            return;
        }
        List<AccessMap.ComponentPair> shown =
                m.components().subList(0, Math.min(top, m.components().size()));
        o.append("\ncomponents: accessing source directory -> directory of the allocation sites (top ")
                .append(shown.size())
                .append(" of ")
                .append(m.components().size())
                .append(")\n");
        int wr = "reads".length();
        int ww = "writes".length();
        int wa = "accessor".length();
        for (AccessMap.ComponentPair c : shown) {
            wr = Math.max(wr, Quantity.count(c.reads()).length());
            ww = Math.max(ww, Quantity.count(c.writes()).length());
            wa = Math.max(wa, c.accessor().length());
        }
        o.append("  ");
        pad(o, "reads", wr).append("  ");
        pad(o, "writes", ww)
                .append("  accessor")
                .append(" ".repeat(wa - "accessor".length()))
                .append("  -> allocated by\n");
        for (AccessMap.ComponentPair c : shown) {
            o.append("  ");
            pad(o, Quantity.count(c.reads()), wr).append("  ");
            pad(o, Quantity.count(c.writes()), ww)
                    .append("  ")
                    .append(c.accessor())
                    .append(" ".repeat(wa - c.accessor().length()))
                    .append("  -> ")
                    .append(c.allocator())
                    .append('\n');
        }
    }

    private static StringBuilder pad(StringBuilder o, String s, int width) {
        return o.append(" ".repeat(width - s.length())).append(s);
    }

    /** Every pair as CSV ({@link #CSV_HEADER}), RFC 4180 quoting; a format without slab caches leaves slab empty. */
    public static void csv(AccessMap m, Appendable out) throws IOException {
        out.append(CSV_HEADER).append('\n');
        for (AccessMap.AccessPair p : m.pairs()) {
            out.append(field(p.accessor()))
                    .append(',')
                    .append(field(p.allocSite()))
                    .append(',')
                    .append(field(p.slab() == null ? "" : p.slab()))
                    .append(',')
                    .append(field(p.type()))
                    .append(',')
                    .append(Long.toString(p.reads()))
                    .append(',')
                    .append(Long.toString(p.writes()))
                    .append(',')
                    .append(Long.toString(p.objects()))
                    .append(',')
                    .append(Long.toString(p.lines()))
                    .append('\n');
        }
    }

    /** A CSV field: quoted when it holds a comma, quote or line break (slab and type names come from the guest). */
    static String field(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return '"' + s.replace("\"", "\"\"") + '"';
            }
        }
        return s;
    }
}
