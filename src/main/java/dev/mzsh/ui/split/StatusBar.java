package dev.mzsh.ui.split;

import dev.mzsh.session.Guest;
import dev.mzsh.session.Session;
import dev.mzsh.ui.GuestStateText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The status bar's fields, one method each, so that more (Memorizer mode, gdb port) slot in. */
public final class StatusBar {
    private final Session session;
    private final GuestStateText state;
    private volatile String activity = "";

    public StatusBar(Session session) {
        this.session = session;
        this.state = new GuestStateText(session);
    }

    public String vm() {
        return "vm " + state.vmState();
    }

    public String accelerator() {
        return "accel " + state.accelerator();
    }

    public String uptime() {
        Duration up = session.currentGuest().filter(Guest::alive).map(Guest::uptime).orElse(null);
        if (up == null) {
            return "up -";
        }
        long s = up.toSeconds();
        return String.format("up %d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }

    /** The run directory, relative to the working directory when inside it (short enough for 80 columns). */
    public String runDirectory() {
        java.nio.file.Path run = session.run().path().toAbsolutePath();
        java.nio.file.Path here = java.nio.file.Path.of("").toAbsolutePath();
        return "run " + (run.startsWith(here) ? here.relativize(run) : run);
    }

    /** The command running now, or "" when idle. */
    public String activity() {
        return activity.isEmpty() ? "idle" : "running: " + activity;
    }

    public void activity(String command) {
        activity = command;
    }

    public List<String> fields() {
        List<String> f = new ArrayList<>();
        f.add(vm());
        f.add(accelerator());
        f.add(uptime());
        // the activity before the long fields: at 80 columns the tail is cut off
        f.add(activity());
        String memorizer = state.memorizer();
        if (!memorizer.isEmpty()) {
            f.add(memorizer);
        }
        String gdb = state.gdb();
        if (!gdb.isEmpty()) {
            f.add(gdb);
        }
        f.add(runDirectory());
        f.add("F1 help");
        return f;
    }

    public String text() {
        return " " + String.join(" | ", fields());
    }

    /**
     * The fields that fit {@code width} columns: when all do not, the least needed
     * go first (the key hint, uptime, the Memorizer field whose mode the prompt
     * shows anyway, the accelerator), so that state, activity and the run
     * directory stay readable at 80 columns.
     */
    public String text(int width) {
        List<String> f = fields();
        String memorizer = state.memorizer();
        String[] dropOrder = {"F1 help", uptime(), memorizer, accelerator()};
        for (String drop : dropOrder) {
            if (text(f).length() <= width) {
                break;
            }
            f.remove(drop);
        }
        return text(f);
    }

    private static String text(List<String> fields) {
        return " " + String.join(" | ", fields);
    }
}
