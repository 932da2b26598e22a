package dev.mzsh.commands;

import dev.mzsh.kmap.Quantity;
import dev.mzsh.memorizer.KmapStreamCapture;
import dev.mzsh.memorizer.Memorizer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "stream-kmap",
        description = {"Capture kmap_stream in the background until 'stream-kmap stop'.",
            "%nThe records land in kmap-stream-NNN.kmap in the run directory. kmap_stream hands out freed "
                + "objects once (reading frees Memorizer's memory), so long experiments do not fill up. 'status' "
                + "shows the bytes captured so far."})
public final class StreamKmapCommand implements Callable<Integer> {
    static final class Actions extends java.util.ArrayList<String> {
        Actions() {
            super(java.util.List.of("start", "stop"));
        }
    }

    @Parameters(paramLabel = "start|stop", completionCandidates = Actions.class, description = "start or stop")
    String action;

    private final ShellContext ctx;

    public StreamKmapCommand(ShellContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        switch (action) {
            case "start" -> {
                KmapStreamCapture c = KmapStreamCapture.start(ctx.session().memorizer(), ctx.session().run().path());
                ctx.report().println("stream-kmap: capturing into " + ctx.session().run().path().resolve(
                        c.file().getFileName()) + "; 'stream-kmap stop' ends it");
            }
            case "stop" -> {
                Memorizer m = ctx.session().knownMemorizer().orElse(null);
                KmapStreamCapture c = m == null ? null : m.stream().orElse(null);
                if (c == null) {
                    throw new CommandFailedException("stream-kmap stop: no capture runs; 'stream-kmap start' starts one");
                }
                long bytes = c.stop();
                ctx.report().printf("stream-kmap: stopped after %d s; %s in %s%n", c.running().toSeconds(),
                        Quantity.bytes(bytes), ctx.session().run().path().resolve(c.file().getFileName()));
                if (bytes > 0) {
                    new KmapSummaryPrinter(ctx).summarize(c.file());
                }
            }
            default -> throw new UsageException("stream-kmap: give start or stop, not '" + action + "'");
        }
        return 0;
    }
}
