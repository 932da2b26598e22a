package dev.mzsh.commands;

import java.nio.file.Path;

/** Summarises a kmap that just landed on the host (filled in with the kmap package). */
final class KmapSummaryPrinter {
    private final ShellContext ctx;

    KmapSummaryPrinter(ShellContext ctx) {
        this.ctx = ctx;
    }

    void summarize(Path file) {
        ctx.report().println("summary: " + file);
    }
}
