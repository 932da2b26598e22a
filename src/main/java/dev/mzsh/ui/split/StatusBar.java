package dev.mzsh.ui.split;

import dev.mzsh.session.Guest;
import dev.mzsh.session.Session;
import dev.mzsh.ui.GuestStateText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The status bar: the state it shows, read from the session and the command
 * runner ({@link #state()}), and that state drawn as text for a width. The view
 * redraws the bar when the state changes, never by comparing drawn text.
 */
public final class StatusBar {
    /** What the bar shows; equal states draw the same bar. */
    public record State(
            String vm,
            String accelerator,
            long uptimeSeconds,
            String activity,
            List<String> queued,
            String memorizer,
            String gdb,
            String runDirectory) {
        public State {
            queued = List.copyOf(queued);
        }
    }

    private static final String KEY_HINT = "F1 help";
    private final Session session;
    private final GuestStateText text;
    private final Supplier<String> activity;
    private final Supplier<List<String>> queued;

    /**
     * @param activity the command running now, "" when idle
     * @param queued   the lines typed ahead, waiting to run after it
     */
    public StatusBar(Session session, Supplier<String> activity, Supplier<List<String>> queued) {
        this.session = session;
        this.text = new GuestStateText(session);
        this.activity = activity;
        this.queued = queued;
    }

    public State state() {
        long up = session.currentGuest()
                .filter(Guest::alive)
                .map(g -> g.uptime().toSeconds())
                .orElse(-1L);
        return new State(
                text.vmState(),
                text.accelerator(),
                up,
                activity.get(),
                queued.get(),
                text.memorizer(),
                text.gdb(),
                runDirectory());
    }

    /** The run directory, relative to the working directory when inside it (short enough for 80 columns). */
    private String runDirectory() {
        Path run = session.run().path().toAbsolutePath();
        Path here = Path.of("").toAbsolutePath();
        return (run.startsWith(here) ? here.relativize(run) : run).toString();
    }

    private static String uptime(long s) {
        return s < 0 ? "up -" : String.format("up %d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }

    /**
     * The fields that fit {@code width} columns: when all do not, the least needed
     * go first (the key hint, uptime, the Memorizer field whose mode the prompt
     * shows anyway, the accelerator), so that state, activity and the run
     * directory stay readable at 80 columns. A queue of typed-ahead lines comes
     * right after the activity; while there is one, the fields after it may be cut.
     */
    public static String text(State s, int width) {
        String vm = "vm " + s.vm();
        String accel = "accel " + s.accelerator();
        String up = uptime(s.uptimeSeconds());
        List<String> f = new ArrayList<>();
        f.add(vm);
        f.add(accel);
        f.add(up);
        // the activity before the long fields: at 80 columns the tail is cut off
        f.add(s.activity().isEmpty() ? "idle" : "running: " + s.activity());
        if (!s.queued().isEmpty()) {
            // what was typed ahead, next first: it runs in this order (Ctrl-C twice drops it)
            f.add("queued " + s.queued().size() + ": " + String.join("; ", s.queued()));
        }
        if (!s.memorizer().isEmpty()) {
            f.add(s.memorizer());
        }
        if (!s.gdb().isEmpty()) {
            f.add(s.gdb());
        }
        f.add("run " + s.runDirectory());
        f.add(KEY_HINT);
        for (String drop : new String[] {KEY_HINT, up, s.memorizer(), accel}) {
            if (join(f).length() <= width) {
                break;
            }
            f.remove(drop);
        }
        return join(f);
    }

    private static String join(List<String> fields) {
        return " " + String.join(" | ", fields);
    }
}
