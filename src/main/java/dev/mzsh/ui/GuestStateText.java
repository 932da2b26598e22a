package dev.mzsh.ui;

import dev.mzsh.memorizer.Switch;
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

    /** The words shown inside the prompt's brackets: "running mode=1", "running mode=0 armed=3". */
    public String promptState() {
        String vm = vmState();
        return session.knownMemorizer()
                .filter(m -> vm.equals("running"))
                .map(m -> vm
                        + m.lastKnownMode().map(mode -> " mode=" + mode.value()).orElse("")
                        + m.armed().map(a -> " armed=" + a.value()).orElse(""))
                .orElse(vm);
    }

    /**
     * Memorizer as the status bar shows it: generation, mode, switches
     * ("memorizer current mode 1 access on live off"), or "" without one.
     */
    public String memorizer() {
        return session.knownMemorizer()
                .map(m -> {
                    StringBuilder b = new StringBuilder("memorizer ")
                            .append(m.abi().generation().shortName());
                    m.lastKnownMode().ifPresent(mode -> b.append(" mode ").append(mode.value()));
                    m.armed().ifPresent(a -> b.append(" armed ").append(a.value()));
                    for (Switch s : Switch.values()) {
                        m.lastKnownSwitch(s)
                                .filter(on -> on || s.shownWhenOff())
                                .ifPresent(on -> b.append(' ').append(s.label()).append(on ? " on" : " off"));
                    }
                    return b.toString();
                })
                .orElse("");
    }

    /** "gdbstub" while the guest has one (its socket path, long, is in `status`), else "". */
    public String gdb() {
        return session.currentGuest()
                .filter(Guest::alive)
                .flatMap(Guest::gdbSocket)
                .map(p -> "gdbstub")
                .orElse("");
    }

    public String prompt() {
        return "mzsh[" + promptState() + "]> ";
    }

    /** The accelerator of the running guest, or "-". */
    public String accelerator() {
        return session.currentGuest()
                .filter(Guest::alive)
                .map(g -> g.acceleratorName())
                .orElse("-");
    }
}
