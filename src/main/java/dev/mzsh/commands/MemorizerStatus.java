package dev.mzsh.commands;

import dev.mzsh.kmap.Quantity;
import dev.mzsh.memorizer.Memorizer;
import dev.mzsh.memorizer.MemorizerAbi;
import dev.mzsh.memorizer.MemorizerException;
import dev.mzsh.memorizer.NoMemorizerException;
import dev.mzsh.memorizer.PoolWatch;
import dev.mzsh.memorizer.Switch;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The Memorizer lines of 'status', read back from the kernel. */
final class MemorizerStatus {
    private final ShellContext ctx;

    MemorizerStatus(ShellContext ctx) {
        this.ctx = ctx;
    }

    void print(PrintStream p) {
        Memorizer m;
        try {
            m = ctx.session().memorizer();
        } catch (NoMemorizerException | MemorizerException e) {
            p.printf("memorizer      none (%s)%n", e.getMessage());
            return;
        } catch (IOException e) {
            p.printf("memorizer      unknown (%s)%n", e.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        // the sim presents a generation's files, not its kernel: its short name, and the --sim the user chose
        String generation = !m.abi().simulated()
                ? m.abi().generation().description()
                : m.abi().generation().shortName()
                        + (ctx.session().remoteAddress().isEmpty()
                                ? " (memorizer-sim --sim "
                                        + ctx.session().options().sim() + ")"
                                : " (memorizer-sim)");
        p.printf(
                "memorizer      %s, %d files in %s%n",
                generation, m.abi().files().size(), MemorizerAbi.DIR);
        try {
            p.printf("cpus online    %s%n", m.cpus().describe());
            String mode;
            try {
                mode = m.mode().describe();
            } catch (MemorizerException e) {
                // a read-back mzsh does not know: show it and carry on
                mode = "unknown (" + e.getMessage() + ")";
            }
            p.printf(
                    "mode           %s%s%n",
                    mode,
                    m.armed()
                            .map(a -> "; armed for the next exec: " + a.describe())
                            .orElse(""));
            List<String> switches = new ArrayList<>();
            for (Switch s : Switch.values()) {
                m.switchState(s).ifPresent(on -> switches.add(SwitchCommand.verb(s) + " " + (on ? "on" : "off")));
            }
            p.printf("switches       %s%n", String.join(", ", switches));
            long outages = new PoolWatch(m).outages();
            if (outages > 0) {
                p.printf(
                        "pool           ran out %d time%s since boot (kernel log: \"%s\"): tracing stopped itself"
                                + " (mode 0); kmaps taken since are incomplete%n",
                        outages, outages == 1 ? "" : "s", PoolWatch.LOG_LINE);
            }
            if (m.stream().isPresent()) {
                var c = m.stream().get();
                p.printf(
                        "stream-kmap    %s, %s in %d s%n",
                        c.file().getFileName(),
                        Quantity.bytes(c.bytes()),
                        c.running().toSeconds());
            }
        } catch (MemorizerException | IOException e) {
            p.printf("memorizer      unreadable (%s)%n", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
