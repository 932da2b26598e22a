package dev.mzsh.commands;

import dev.mzsh.memorizer.Control;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;

@Command(
        name = "stats",
        header = "Show Memorizer's statistics file verbatim.",
        description = {"%nIts format is not stable, so mzsh never interprets it."})
public final class StatsCommand extends Verb {
    @Override
    public Integer call() throws Exception {
        String text = ctx.session().memorizer().read(Control.STATS);
        ctx.out().write(text.getBytes(StandardCharsets.UTF_8));
        ctx.out().flush();
        return 0;
    }
}
