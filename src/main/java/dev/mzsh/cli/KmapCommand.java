package dev.mzsh.cli;

import dev.mzsh.commands.ExitStatus;
import dev.mzsh.kmap.AccessAnalyzer;
import dev.mzsh.kmap.AccessMap;
import dev.mzsh.kmap.HtmlReport;
import dev.mzsh.kmap.KmapAnalyzer;
import dev.mzsh.kmap.KmapCsvExport;
import dev.mzsh.kmap.KmapDiff;
import dev.mzsh.kmap.KmapOptions;
import dev.mzsh.kmap.KmapReport;
import dev.mzsh.kmap.KmapResults;
import dev.mzsh.kmap.KmapSummary;
import dev.mzsh.kmap.KmapSyntaxException;
import dev.mzsh.kmap.SymbolTable;
import dev.mzsh.ui.TerminalSafeText;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mzsh kmap summary|csv|access|diff}: offline kmap analysis, no guest involved. */
@Command(name = "kmap", description = "Analyse a kmap file offline (no guest needed).")
public final class KmapCommand implements Callable<Integer> {
    /**
     * The subcommands, by name, made only when needed (by {@link Main#commandLine}): picocli
     * copies every option inherited from Main into each one it builds, and `kmap access` or
     * `kmap summary` on a big kmap waits for that before reading (measured: 30-40 ms of start-up
     * for the three not named).
     */
    static final List<String> SUBCOMMANDS = List.of("summary", "csv", "access", "diff");

    static Object subcommand(String name) {
        return switch (name) {
            case "summary" -> new Summary();
            case "csv" -> new Csv();
            case "access" -> new KmapAccessCommand();
            case "diff" -> new KmapDiffCommand();
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParentCommand
    VmlinuxSource parent;

    @Override
    public Integer call() {
        System.err.println("mzsh: kmap needs a subcommand: summary, csv, access or diff (mzsh kmap --help)");
        return ExitStatus.USAGE;
    }

    @Command(
            name = "summary",
            description = {
                "Count objects, bytes and accesses per allocation site, slab cache,",
                "command and access site; every generation's kmap format and the kernel's CSV files."
            })
    static final class Summary implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "the kmap text file")
        Path file;

        @Option(names = "--json", description = "print the summary as JSON")
        boolean json;

        @Option(
                names = "--top",
                paramLabel = "N",
                defaultValue = "10",
                description = "rows per list (default: ${DEFAULT-VALUE})")
        int top;

        @Mixin
        KmapReadOptionsMixin read;

        /** --vmlinux is a global option (also used for gdb); it reaches this command through its root. */
        @ParentCommand
        KmapCommand parent;

        @Option(
                names = "--html",
                paramLabel = "OUT",
                description = {
                    "also write the report as one self-contained HTML",
                    "file (totals, bar charts, access heat map) to OUT, a new file"
                })
        Path html;

        @Option(
                names = "--diff-against",
                paramLabel = "KMAP",
                description = "with --html: add the diff from this kmap to FILE")
        Path against;

        @Override
        public Integer call() throws IOException {
            PrintStream err = System.err;
            if (against != null && html == null) {
                err.println("mzsh: --diff-against goes with --html");
                return ExitStatus.USAGE;
            }
            if (html != null && Files.exists(html)) {
                return usage(html + " already exists; remove it or choose another --html");
            }
            if (top < 1) {
                err.println("mzsh: --top must be at least 1");
                return ExitStatus.USAGE;
            }
            if (read.problem() != null) {
                return usage(read.problem());
            }
            KmapOptions options;
            try {
                options = read.options(top, parent.parent.vmlinux(), true);
            } catch (IOException e) {
                return usage(e.getMessage());
            }
            KmapSummary s;
            KmapResults results;
            try {
                // the access map comes from the same pass: the text and HTML reports show it
                results = KmapAnalyzer.summarizeWithAccess(readable(file, "kmap"), options);
                s = results.summary();
            } catch (NoSuchFileException e) {
                return usage(e.getMessage());
            } catch (KmapSyntaxException e) {
                return usage(e.getMessage() + read.syntaxHint());
            }
            if (html != null) {
                try {
                    AccessMap access = results.access();
                    KmapDiff diff = null;
                    if (against != null) {
                        KmapOptions all = options.withTop(Integer.MAX_VALUE);
                        Path before = readable(against, "--diff-against");
                        diff = KmapDiff.of(
                                KmapAnalyzer.summarize(before, all),
                                KmapAnalyzer.summarize(file, all),
                                AccessAnalyzer.analyze(before, all),
                                access);
                    }
                    HtmlReport.write(html, HtmlReport.render(s, access, diff, top));
                } catch (NoSuchFileException e) {
                    return usage(e.getMessage());
                } catch (FileAlreadyExistsException e) {
                    return usage(html + " already exists; remove it or choose another --html");
                } catch (KmapSyntaxException e) {
                    return usage(e.getMessage() + read.syntaxHint());
                }
            }
            if (json) {
                KmapReport.printJson(s, System.out);
            } else {
                // names in a kmap are the guest's (a task may call itself ESC]0;...): shown, never obeyed
                System.out.print(TerminalSafeText.of(KmapReport.text(results, top)));
                System.out.flush();
            }
            if (s.badLines() > 0) {
                err.printf(
                        "mzsh: %s: skipped %d malformed lines; first at line %s%n",
                        file, s.badLines(), s.firstBadLine());
            }
            return ExitStatus.OK;
        }
    }

    @Command(
            name = "csv",
            description = {
                "Write the kmap as allocations.csv and accesses.csv (the kernel's CSV files)",
                "into DIR; existing files there are never overwritten."
            })
    static final class Csv implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "the kmap text file")
        Path file;

        @Option(names = "--out", paramLabel = "DIR", required = true, description = "directory for the two CSV files")
        Path out;

        @Option(names = "--lenient", description = "skip and count malformed lines instead of stopping at the first")
        boolean lenient;

        @Override
        public Integer call() throws IOException {
            KmapCsvExport.Result r;
            try {
                r = KmapCsvExport.export(readable(file, "kmap"), out, lenient);
            } catch (NoSuchFileException e) {
                return usage(e.getMessage());
            } catch (FileAlreadyExistsException e) {
                return usage(e.getFile() + " already exists; remove it or choose another --out");
            } catch (KmapSyntaxException e) {
                return usage(e.getMessage() + (lenient ? "" : " (--lenient skips malformed lines)")
                        + "; no CSV file written");
            }
            System.err.printf(
                    "mzsh: %s format: wrote %s (%d objects) and %s (%d access lines)%n",
                    r.format().label(), r.allocations(), r.objects(), r.accesses(), r.accessLines());
            if (r.badLines() > 0) {
                System.err.printf(
                        "mzsh: %s: skipped %d malformed lines; first at line %s%n",
                        file, r.badLines(), r.firstBadLine());
            }
            return ExitStatus.OK;
        }
    }

    /** The symbols of --system-map or --vmlinux (not both), or none. */
    static SymbolTable symbols(Path systemMap, Path vmlinux) throws IOException {
        if (systemMap != null && vmlinux != null) {
            throw new IOException("give either --system-map or --vmlinux, not both");
        }
        if (systemMap != null) {
            return SymbolTable.fromSystemMap(readable(systemMap, "--system-map"));
        }
        if (vmlinux != null) {
            return SymbolTable.fromElf(readable(vmlinux, "--vmlinux"));
        }
        return SymbolTable.EMPTY;
    }

    static Path readable(Path p, String what) throws NoSuchFileException {
        if (!Files.isRegularFile(p)) {
            throw new NoSuchFileException(
                    what + " " + p + ": " + (Files.exists(p) ? "not a regular file" : "no such file"));
        }
        if (!Files.isReadable(p)) {
            throw new NoSuchFileException(what + " " + p + ": not readable (permission denied)");
        }
        return p;
    }

    static int usage(String message) {
        System.err.println("mzsh: " + message);
        return ExitStatus.USAGE;
    }
}
