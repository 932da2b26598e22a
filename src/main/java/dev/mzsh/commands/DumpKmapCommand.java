package dev.mzsh.commands;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "dump-kmap",
        header = "Copy the guest's kmap to the host and summarise it.",
        description = {
            "%nThe copy streams through the guest's 9p share (RUN/guest) and is verified (sha256 of the bytes read "
                    + "in the guest against the file on the host, and the sizes) before it gets its name: "
                    + "kmap-NNN.kmap in the run directory (never overwriting), or --to FILE. A failed copy leaves "
                    + "nothing behind.",
            "%nNote: opening kmap switches Memorizer off (mode 0); 'enable' turns it on again."
        })
public final class DumpKmapCommand extends Verb {
    @Option(names = "--to", paramLabel = "FILE", description = "write the kmap here (a new file) instead")
    Path to;

    @Override
    public Integer call() throws Exception {
        Optional<Path> dest = Optional.ofNullable(to).map(t -> KmapDumper.checkDestination(t, "dump-kmap"));
        KmapDumper dumper = new KmapDumper(ctx, "dump-kmap");
        Path file = dumper.dump(ctx.session().memorizer(), dest);
        new KmapSummaryPrinter(ctx).summarize(file);
        return 0;
    }
}
