package dev.mzsh.commands;

import dev.mzsh.kmap.Quantity;
import dev.mzsh.memorizer.KmapTransport;
import dev.mzsh.memorizer.Memorizer;
import dev.mzsh.memorizer.StreamCapture;
import dev.mzsh.memorizer.VerifiedCopy;
import picocli.CommandLine.Command;

@Command(
        name = "stream-kmap",
        subcommands = {StreamKmapCommand.Start.class, StreamKmapCommand.Stop.class},
        header = "Capture kmap_stream in the background until 'stream-kmap stop'.",
        description = {
            "%nThe records land in kmap-stream-NNN.kmap in the run directory. kmap_stream hands out freed "
                    + "objects once (reading frees Memorizer's memory), so long experiments do not fill up. 'status' "
                    + "shows the bytes captured so far."
        })
public final class StreamKmapCommand {
    @Command(name = "start", header = "Start capturing kmap_stream into the next kmap-stream-NNN.kmap.")
    static final class Start extends Verb {
        @Override
        public Integer call() throws Exception {
            Memorizer m = ctx.session().memorizer();
            if (m.stream().isPresent()) {
                throw new CommandFailedException("stream-kmap start: a capture already runs into "
                        + m.stream().get().file() + "; 'stream-kmap stop' ends it");
            }
            // through the share where the machine has one (QEMU), else on the connection (SSH)
            StreamCapture c = new KmapTransport(m, ctx.session().run().path()).stream();
            ctx.report()
                    .println("stream-kmap: capturing into "
                            + ctx.session().run().path().resolve(c.file().getFileName())
                            + "; 'stream-kmap stop' ends it");
            return 0;
        }
    }

    @Command(name = "stop", header = "Stop the capture and summarise what it got.")
    static final class Stop extends Verb {
        @Override
        public Integer call() throws Exception {
            Memorizer m = ctx.session().knownMemorizer().orElse(null);
            StreamCapture c = m == null ? null : m.stream().orElse(null);
            if (c == null) {
                throw new CommandFailedException("stream-kmap stop: no capture runs; 'stream-kmap start' starts one");
            }
            VerifiedCopy v = c.stop();
            ctx.report()
                    .printf(
                            "stream-kmap: stopped after %d s; %s in %s, %s%n",
                            c.running().toSeconds(),
                            Quantity.bytes(v.bytes()),
                            ctx.session().run().path().resolve(c.file().getFileName()),
                            v.verified());
            if (v.bytes() > 0) {
                new KmapSummaryPrinter(ctx).summarize(c.file());
            }
            return 0;
        }
    }
}
