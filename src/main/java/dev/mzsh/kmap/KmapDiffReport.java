package dev.mzsh.kmap;

import java.util.List;

/** Renders a {@link KmapDiff} as aligned text. */
public final class KmapDiffReport {
    private KmapDiffReport() {}

    /** The totals, then at most {@code top} changed rows per list, largest change first. */
    public static String text(KmapDiff d, int top) {
        StringBuilder o = new StringBuilder(4096);
        o.append("kmap diff ")
                .append(d.a().file())
                .append(" -> ")
                .append(d.b().file())
                .append('\n');
        String[][] rows = new String[KmapDiff.Measure.values().length][];
        int i = 0;
        for (KmapDiff.Measure m : KmapDiff.Measure.values()) {
            rows[i++] = new String[] {
                m.label(), Quantity.count(m.of(d.a())), Quantity.count(m.of(d.b())), signed(d.change(m))
            };
        }
        table(o, new String[] {"", "A", "B", "change"}, rows, 0);
        section(o, "allocation sites", "site", d.sites(), top, false);
        section(o, "slab caches", "cache", d.caches(), top, false);
        section(o, "commands", "command", d.commands(), top, false);
        section(o, "access pairs", "accessor -> object class", d.pairs(), top, true);
        return o.toString();
    }

    private static void section(
            StringBuilder o, String title, String what, List<KmapDiff.Change> changes, int top, boolean accesses) {
        o.append('\n');
        if (changes.isEmpty()) {
            o.append(title).append(": no change\n");
            return;
        }
        int n = Math.min(top, changes.size());
        o.append(title)
                .append(": ")
                .append(Quantity.count(changes.size()))
                .append(" changed, largest first")
                .append(n < changes.size() ? " (top " + n + ")" : "")
                .append('\n');
        String[][] rows = new String[n][];
        for (int i = 0; i < n; i++) {
            KmapDiff.Change c = changes.get(i);
            rows[i] = accesses
                    ? new String[] {
                        signed(c.reads()),
                        signed(c.writes()),
                        signed(c.objects()),
                        Quantity.count(c.readsA() + c.writesA()) + " -> " + Quantity.count(c.readsB() + c.writesB()),
                        c.key()
                    }
                    : new String[] {
                        signed(c.objects()),
                        signed(c.bytes()),
                        Quantity.count(c.objectsA()) + " -> " + Quantity.count(c.objectsB()),
                        c.key()
                    };
        }
        table(
                o,
                accesses
                        ? new String[] {"reads", "writes", "objects", "accesses A -> B", what}
                        : new String[] {"objects", "bytes", "objects A -> B", what},
                rows,
                accesses ? 4 : 3);
    }

    /** Numbers right-aligned, names (the first column of the totals, the last of a list) left-aligned. */
    private static void table(StringBuilder o, String[] header, String[][] rows, int leftColumn) {
        int cols = header.length;
        int[] w = new int[cols];
        for (int c = 0; c < cols; c++) {
            w[c] = header[c].length();
            for (String[] r : rows) {
                w[c] = Math.max(w[c], r[c].length());
            }
        }
        line(o, header, w, leftColumn);
        for (String[] r : rows) {
            line(o, r, w, leftColumn);
        }
    }

    private static void line(StringBuilder o, String[] cells, int[] w, int leftColumn) {
        o.append(' ');
        for (int c = 0; c < cells.length; c++) {
            o.append(' ');
            String pad = " ".repeat(w[c] - cells[c].length());
            if (c == leftColumn) {
                o.append(cells[c]).append(pad);
            } else {
                o.append(pad).append(cells[c]);
            }
            o.append(' ');
        }
        int end = o.length();
        while (end > 0 && o.charAt(end - 1) == ' ') {
            end--;
        }
        o.setLength(end);
        o.append('\n');
    }

    static String signed(long v) {
        return v > 0 ? "+" + Quantity.count(v) : Quantity.count(v);
    }
}
