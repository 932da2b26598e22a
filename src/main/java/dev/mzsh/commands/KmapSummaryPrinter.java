package dev.mzsh.commands;

import dev.mzsh.kmap.HtmlReport;
import dev.mzsh.kmap.KmapAnalyzer;
import dev.mzsh.kmap.KmapOptions;
import dev.mzsh.kmap.KmapReport;
import dev.mzsh.kmap.KmapResults;
import dev.mzsh.kmap.KmapSummary;
import dev.mzsh.kmap.KmapSyntaxException;
import dev.mzsh.kmap.SourceLines;
import dev.mzsh.kmap.SymbolTable;
import dev.mzsh.memorizer.GuestKallsyms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Summarises a kmap that just landed on the host and publishes it for front
 * ends that draw it; prints it as text when none did, so it shows once. The kmap is already saved, so a malformed line
 * is counted and reported rather than failing the command.
 */
final class KmapSummaryPrinter {
    private final ShellContext ctx;

    KmapSummaryPrinter(ShellContext ctx) {
        this.ctx = ctx;
    }

    Optional<KmapSummary> summarize(Path file) throws IOException {
        KmapOptions options = KmapOptions.defaults().withLenient(true).withSymbols(symbols());
        Optional<Path> vmlinux = ctx.session().options().vmlinux();
        if (vmlinux.isPresent()) {
            try {
                options = options.withSourcesOf(vmlinux.get(), SourceLines.defaultCache());
            } catch (IOException e) {
                ctx.err().println("mzsh: no source lines (" + e.getMessage() + "); showing functions");
            }
        }
        KmapResults s;
        try {
            s = KmapAnalyzer.summarizeWithAccess(file, options);
        } catch (IOException e) {
            if (options.sources() == null) {
                throw e;
            }
            // addr2line failed: the summary without source lines rather than none
            ctx.err().println("mzsh: no source lines (" + e.getMessage() + "); showing functions");
            options = new KmapOptions(options.top(), options.threads(), true, options.symbols());
            try {
                s = KmapAnalyzer.summarizeWithAccess(file, options);
            } catch (KmapSyntaxException x) {
                ctx.err().println("mzsh: cannot summarise " + file + ": " + x.getMessage());
                return Optional.empty();
            }
        } catch (KmapSyntaxException e) {
            ctx.err().println("mzsh: cannot summarise " + file + ": " + e.getMessage());
            return Optional.empty();
        }
        if (!ctx.session().events().publish(s)) {
            ctx.report().print(KmapReport.text(s, options.top())); // no front end drew it
        }
        KmapSummary summary = s.summary();
        if (summary.badLines() > 0) {
            ctx.err()
                    .println("mzsh: " + summary.badLines() + " malformed lines were skipped in the summary (first: "
                            + summary.firstBadLine() + "); the kmap file is saved as the kernel wrote it");
        }
        writeHtml(file, s, options);
        return Optional.of(summary);
    }

    /**
     * The report to look at, beside the kmap ({@code kmap-001.kmap} -> {@code kmap-001.html}): a
     * self-contained page a CI job keeps as an artifact. Never written over an existing file.
     */
    private void writeHtml(Path file, KmapResults s, KmapOptions options) {
        String name = file.getFileName().toString();
        Path html =
                file.resolveSibling((name.endsWith(".kmap") ? name.substring(0, name.length() - 5) : name) + ".html");
        try {
            if (Files.exists(html, LinkOption.NOFOLLOW_LINKS)) {
                ctx.err().println("mzsh: report not written: " + html + " exists");
                return;
            }
            HtmlReport.write(html, HtmlReport.render(s.summary(), s.access(), null, options.top()));
            ctx.report().println("report: " + html);
        } catch (IOException e) {
            ctx.err().println("mzsh: report not written: " + e.getMessage());
        }
    }

    /**
     * Symbols from --vmlinux when given, else the guest's own /proc/kallsyms
     * (fetched once per boot into the run directory); addresses when neither works.
     */
    private SymbolTable symbols() {
        Optional<Path> vmlinux = ctx.session().options().vmlinux();
        try {
            if (vmlinux.isPresent()) {
                return SymbolTable.fromElf(vmlinux.get());
            }
            var remote = ctx.session().remote();
            if (remote.isPresent() && remote.get().alive()) {
                // once per connection's run: the remote's kernel stays the same while mzsh is connected
                Optional<Path> kallsyms =
                        GuestKallsyms.fetch(remote.get(), ctx.session().run().file("kallsyms-ssh"));
                if (kallsyms.isPresent()) {
                    return SymbolTable.fromSystemMap(kallsyms.get());
                }
            }
            var guest = ctx.session().currentGuest();
            if (guest.isPresent() && guest.get().alive()) {
                Optional<Path> kallsyms = GuestKallsyms.fetch(
                        guest.get().target(),
                        ctx.session().run().file("kallsyms-qemu" + guest.get().qemuPid()));
                if (kallsyms.isPresent()) {
                    return SymbolTable.fromSystemMap(kallsyms.get());
                }
            }
        } catch (IOException e) {
            ctx.err().println("mzsh: no kernel symbols (" + e.getMessage() + "); showing addresses");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return SymbolTable.EMPTY;
    }
}
