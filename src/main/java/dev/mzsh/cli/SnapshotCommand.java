package dev.mzsh.cli;

import dev.mzsh.session.Installation;
import dev.mzsh.session.SnapshotCache;
import dev.mzsh.snapshot.Snapshot;
import dev.mzsh.snapshot.SnapshotStore;
import java.io.IOException;
import java.io.PrintStream;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** The ready-guest snapshots in the user's cache: which there are, and clearing them. */
@Command(
        name = "snapshot",
        mixinStandardHelpOptions = true,
        description = "List or clear the ready-guest snapshots that later boots restore (in ~/.cache/mzsh/snapshots,"
                + " or MZSH_SNAPSHOTS; at most MZSH_SNAPSHOT_KEEP of them and MZSH_SNAPSHOT_MAX bytes).",
        subcommands = {SnapshotCommand.ListSnapshots.class, SnapshotCommand.ClearSnapshots.class})
public final class SnapshotCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return new ListSnapshots().call();
    }

    static SnapshotStore store() {
        return SnapshotCache.open(Installation.detect());
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description =
                    "One line per snapshot, most recently used first: key, device state and memory size, when made, kernel, "
                            + "the cold boot it replaces.")
    static final class ListSnapshots implements Callable<Integer> {
        @Override
        public Integer call() {
            PrintStream out = System.out;
            SnapshotStore store = store();
            try {
                List<Snapshot> all = store.list();
                DateTimeFormatter when =
                        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());
                out.printf("%-16s %9s %11s  %-16s  %-24s %s%n", "KEY", "STATE", "MEMORY", "MADE", "KERNEL", "REPLACES");
                long total = 0;
                for (Snapshot s : all) {
                    total += s.seal().size() + s.seal().memorySize();
                    out.printf(
                            "%-16s %5d KiB %7d MiB  %-16s  %-24s %.1f s cold boot%n",
                            s.seal().key().shortName(),
                            s.seal().size() >> 10,
                            s.seal().memorySize() >> 20,
                            when.format(s.seal().created()),
                            s.seal().release(),
                            s.seal().coldBoot().toMillis() / 1000.0);
                }
                // memory files are mostly holes: MiB counted as the bounds count them, not as the disk does
                out.printf(
                        "%d snapshot(s), %d MiB (memory at full size) in %s%n", all.size(), total >> 20, store.root());
                return 0;
            } catch (IOException e) {
                System.err.println("mzsh: cannot list " + store.root() + ": " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(
            name = "clear",
            mixinStandardHelpOptions = true,
            description = "Remove every snapshot; the next boot of each guest is cold and saves a new one.")
    static final class ClearSnapshots implements Callable<Integer> {
        @Override
        public Integer call() {
            SnapshotStore store = store();
            try {
                System.out.println("removed " + store.clear() + " snapshot(s) from " + store.root());
                return 0;
            } catch (IOException e) {
                System.err.println("mzsh: cannot clear " + store.root() + ": " + e.getMessage());
                return 1;
            }
        }
    }
}
