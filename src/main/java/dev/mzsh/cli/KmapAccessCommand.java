package dev.mzsh.cli;

import dev.mzsh.commands.ExitStatus;
import dev.mzsh.kmap.AccessAnalyzer;
import dev.mzsh.kmap.AccessGraph;
import dev.mzsh.kmap.AccessMap;
import dev.mzsh.kmap.AccessReport;
import dev.mzsh.kmap.KmapOptions;
import dev.mzsh.kmap.KmapSyntaxException;
import dev.mzsh.ui.TerminalSafeText;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mzsh kmap access FILE}: who accessed what, from a kmap's access lines. */
@Command(
        name = "access",
        description = {
            "Access map: reads, writes and distinct objects per accessing function",
            "and object class (allocation site's function, slab cache, allocation type), from the access lines.",
            "Text (top pairs), or every pair as --csv, --graphml or --dot (to stdout, or --out FILE)."
        })
final class KmapAccessCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "the kmap text file")
    Path file;

    /** One output form at most; text by default. */
    static final class Form {
        @Option(names = "--csv", description = "every pair as CSV: " + AccessReport.CSV_HEADER)
        boolean csv;

        @Option(names = "--graphml", description = "every pair as a GraphML graph (networkx, Gephi)")
        boolean graphml;

        @Option(names = "--dot", description = "every pair as a DOT graph (graphviz)")
        boolean dot;
    }

    @ArgGroup(exclusive = true)
    Form form = new Form();

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "write to this new file instead of stdout (never overwritten)")
    Path out;

    @Option(
            names = "--top",
            paramLabel = "N",
            defaultValue = "20",
            description = "pairs in the text report (default: ${DEFAULT-VALUE})")
    int top;

    @Mixin
    KmapReadOptionsMixin read;

    /** --vmlinux is a global option; it reaches this command through Main. */
    @ParentCommand
    KmapCommand parent;

    @Override
    public Integer call() throws IOException {
        if (top < 1) {
            return KmapCommand.usage("--top must be at least 1");
        }
        if (read.problem() != null) {
            return KmapCommand.usage(read.problem());
        }
        if (out != null && Files.exists(out)) {
            return KmapCommand.usage(out + " already exists; remove it or choose another --out");
        }
        AccessMap map;
        try {
            KmapOptions options = read.options(top, parent.parent.vmlinux(), true);
            map = AccessAnalyzer.analyze(KmapCommand.readable(file, "kmap"), options);
        } catch (NoSuchFileException e) {
            return KmapCommand.usage(e.getMessage());
        } catch (KmapSyntaxException e) {
            return KmapCommand.usage(e.getMessage() + read.syntaxHint());
        } catch (IOException e) {
            return KmapCommand.usage(e.getMessage());
        }
        if (out != null) {
            Path tmp = out.resolveSibling("." + out.getFileName() + ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                render(map, w);
            }
            try {
                // a half-written file is never presented under the name asked for
                Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                Files.deleteIfExists(tmp);
                return KmapCommand.usage(out + " already exists; remove it or choose another --out");
            }
        } else {
            Writer w = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
            render(map, w);
            w.flush();
        }
        if (map.badLines() > 0) {
            System.err.printf(
                    "mzsh: %s: skipped %d malformed lines; first at line %s%n",
                    file, map.badLines(), map.firstBadLine());
        }
        return ExitStatus.OK;
    }

    private void render(AccessMap map, Writer w) throws IOException {
        if (form.csv) {
            AccessReport.csv(map, w);
        } else if (form.graphml) {
            AccessGraph.graphml(map, w);
        } else if (form.dot) {
            AccessGraph.dot(map, w);
        } else if (out != null) {
            w.write(AccessReport.text(map, top));
        } else {
            // names in a kmap are the guest's: shown, never obeyed by the terminal
            w.write(TerminalSafeText.of(AccessReport.text(map, top)));
        }
    }
}
