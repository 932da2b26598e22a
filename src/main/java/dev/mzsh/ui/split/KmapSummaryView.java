package dev.mzsh.ui.split;

import com.googlecode.lanterna.TextColor;
import dev.mzsh.kmap.AccessMap;
import dev.mzsh.kmap.KmapFormat;
import dev.mzsh.kmap.KmapSummary;
import dev.mzsh.kmap.Quantity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A kmap summary as the results pane draws it: a header with the totals, then bar
 * charts, most telling first: allocation sites, commands, slab caches, object sizes.
 * The verbs' text report (above it in the pane) keeps the exact tables.
 */
final class KmapSummaryView implements ResultsBlock {
    static final TextColor TITLE_COLOR = TextColor.ANSI.YELLOW_BRIGHT;
    /** Pairs drawn in the access map's chart (the text report above lists them all). */
    private static final int TOP_PAIRS = 10;

    private final KmapSummary s;
    private final AccessMap access;

    /** @param access the kmap's access map, or null when it was not made (no section then) */
    KmapSummaryView(KmapSummary s, AccessMap access) {
        this.s = s;
        this.access = access;
    }

    @Override
    public List<StyledLine> lines(int width) {
        List<StyledLine> out = new ArrayList<>();
        Path name = Path.of(s.file()).getFileName();
        out.add(new StyledLine.Builder()
                .add(TITLE_COLOR, "kmap " + (name == null ? s.file() : name))
                .add("  " + s.format().label() + " format")
                .build());
        out.add(StyledLine.of(
                TextColor.ANSI.DEFAULT,
                "objects " + Quantity.count(s.objects()) + "  live " + Quantity.count(s.live()) + "  freed "
                        + Quantity.count(s.freed()) + "  overwritten " + Quantity.count(s.overwritten())));
        out.add(StyledLine.of(
                TextColor.ANSI.DEFAULT,
                "bytes " + Quantity.count(s.bytes()) + " (" + Quantity.bytes(s.bytes()) + ")  reads "
                        + Quantity.count(s.reads()) + "  writes " + Quantity.count(s.writes())));
        if (s.badLines() > 0) {
            out.add(StyledLine.of(
                    TextColor.ANSI.YELLOW,
                    "skipped " + Quantity.count(s.badLines()) + " malformed lines; first: line " + s.firstBadLine()));
        }
        section(
                out,
                "allocation sites by count (" + Quantity.count(s.distinctAllocSites()) + " sites)",
                s.allocSitesByCount().stream()
                        .map(x -> new BarChart.Bar(x.display(), x.count(), Quantity.bytes(x.bytes())))
                        .toList(),
                width);
        String command = s.format() == KmapFormat.LEGACY ? "executables" : "commands";
        section(
                out,
                command + " by count (" + Quantity.count(s.distinctCommands()) + ")",
                s.commandsByCount().stream()
                        .map(x -> new BarChart.Bar(named(x.name()), x.count(), Quantity.bytes(x.bytes())))
                        .toList(),
                width);
        if (s.format() == KmapFormat.LEGACY) {
            out.add(StyledLine.empty());
            out.add(StyledLine.of(TITLE_COLOR, "slab caches: none in the legacy format"));
        } else {
            section(
                    out,
                    "slab caches by count (" + Quantity.count(s.distinctCaches()) + ")",
                    s.cachesByCount().stream()
                            .map(x -> new BarChart.Bar(named(x.name()), x.count(), Quantity.bytes(x.bytes())))
                            .toList(),
                    width);
        }
        if (access != null) {
            if (access.accessLines() == 0) {
                out.add(StyledLine.empty());
                out.add(StyledLine.of(TITLE_COLOR, "access map"));
                out.add(StyledLine.of(
                        TextColor.ANSI.DEFAULT,
                        "  no access lines in this kmap (memorizer-sim records no loads or stores)"));
            } else {
                section(
                        out,
                        "access map: accessing function -> object class, by accesses (" + access.pairCount()
                                + " pairs)",
                        access.top(TOP_PAIRS).stream()
                                .map(p -> new BarChart.Bar(
                                        p.accessor() + " -> " + p.objectClass(),
                                        p.accesses(),
                                        Quantity.count(p.reads()) + " r " + Quantity.count(p.writes()) + " w"))
                                .toList(),
                        width);
            }
        }
        section(
                out,
                "object sizes (objects per power-of-two bucket, bytes)",
                s.sizes().stream()
                        .map(b -> new BarChart.Bar(bucket(b), b.count(), ""))
                        .toList(),
                width);
        return out;
    }

    private static void section(List<StyledLine> out, String title, List<BarChart.Bar> bars, int width) {
        out.add(StyledLine.empty());
        out.add(StyledLine.of(TITLE_COLOR, title));
        if (bars.isEmpty()) {
            out.add(StyledLine.of(TextColor.ANSI.DEFAULT, "  (none)"));
        } else {
            out.addAll(BarChart.lines(bars, width));
        }
    }

    private static String named(String name) {
        return name.isEmpty() ? "(empty)" : name;
    }

    private static String bucket(KmapSummary.SizeBucket b) {
        return b.from() == b.to()
                ? Long.toUnsignedString(b.from())
                : Long.toUnsignedString(b.from()) + "-" + Long.toUnsignedString(b.to());
    }
}
