package dev.mzsh.ui;

import dev.mzsh.session.Guest;
import dev.mzsh.session.Session;

/**
 * The short state words every front end shows (prompt, status bar). One place, so
 * that adding the Memorizer mode later changes both.
 */
public final class GuestStateText {
    private final Session session;

    public GuestStateText(Session session) {
        this.session = session;
    }

    /** "running", "off" (none booted yet, or powered off) or "exited" (QEMU ended by itself). */
    public String vmState() {
        return session.currentGuest().map(g -> g.alive() ? "running" : "exited").orElse("off");
    }

    /** The words shown inside the prompt's brackets. */
    public String promptState() {
        return vmState();
    }

    public String prompt() {
        return "mzsh[" + promptState() + "]> ";
    }

    /** The accelerator of the running guest, or "-". */
    public String accelerator() {
        return session.currentGuest().filter(Guest::alive).map(g -> g.accel().qemuName()).orElse("-");
    }
}
