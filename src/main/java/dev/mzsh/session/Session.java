package dev.mzsh.session;

import dev.mzsh.vm.GuestFault;
import java.io.IOException;
import java.io.PrintStream;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

/**
 * One run of mzsh: its run directory, transcript and the guest (booted on first
 * need). Closing it ends the guest; a JVM shutdown hook does the same on Ctrl-C.
 */
public final class Session implements AutoCloseable {
    private final Installation installation;
    private final GuestOptions options;
    private final RunDirectory run;
    private final Transcript transcript;
    private final SessionEvents events = new SessionEvents();
    private final PrintStream notices;
    private final Thread shutdownHook;
    private volatile Guest guest;
    private volatile boolean consoleEcho = true;
    private final java.util.List<java.util.function.Consumer<byte[]>> consoleListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    public Session(Installation installation, GuestOptions options, RunDirectory run, PrintStream notices)
            throws IOException {
        this.installation = installation;
        this.options = options;
        this.run = run;
        this.notices = notices;
        this.transcript = new Transcript(run.file("transcript.mzsh"), "run directory " + run.path());
        // The hook must not wait for the session lock: a boot in progress holds it.
        // A guest still booting then is ended by the pty hang-up when the JVM exits.
        this.shutdownHook = new Thread(() -> {
            Guest g = guest;
            if (g != null) {
                g.close();
            }
        }, "mzsh-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public static RunDirectory newRunDirectory(Optional<java.nio.file.Path> exact) throws IOException {
        return exact.isPresent()
                ? RunDirectory.exactly(exact.get())
                : RunDirectory.createUnder(java.nio.file.Path.of("mzsh-runs"), LocalDateTime.now());
    }

    public RunDirectory run() {
        return run;
    }

    public SessionEvents events() {
        return events;
    }

    /** Whether front ends show the guest console as it prints ({@code console on|off}). */
    public boolean consoleEcho() {
        return consoleEcho;
    }

    public void consoleEcho(boolean on) {
        consoleEcho = on;
    }

    /**
     * Front ends: every guest's console bytes (this and later boots), from the start
     * of its boot; called on QEMU's console thread, must not block. Returns the unsubscribe action.
     */
    public Runnable subscribeConsole(java.util.function.Consumer<byte[]> listener) {
        consoleListeners.add(listener);
        return () -> consoleListeners.remove(listener);
    }

    private void consoleBytes(byte[] bytes) {
        for (java.util.function.Consumer<byte[]> l : consoleListeners) {
            l.accept(bytes);
        }
    }

    public GuestOptions options() {
        return options;
    }

    public Transcript transcript() {
        return transcript;
    }

    public Optional<Guest> currentGuest() {
        return Optional.ofNullable(guest);
    }

    /** The running guest, booting the configured one first when none runs. */
    public synchronized Guest guest() throws IOException, InterruptedException {
        if (guest != null && !guest.alive()) {
            Guest dead = guest;
            guest = null;
            dead.close();
            throw failure(dead, "the guest is not running any more");
        }
        if (guest == null) {
            guest = new GuestLauncher(installation, options, notices).consoleListener(this::consoleBytes).launch(run);
        }
        return guest;
    }

    /** Turns a lost guest into the failure to report (exit status 3), with the console tail. */
    public GuestFailedException failure(Guest g, String fallback) {
        Optional<GuestFault> fault = g.fault();
        if (fault.isPresent()) {
            return new GuestFailedException("guest kernel " + fault.get().kind().name().toLowerCase() + ": "
                    + fault.get().line(), g.qemu().console().tail());
        }
        String why = g.qemu().isAlive() ? fallback : "QEMU exited with status " + g.qemu().exitValue();
        return new GuestFailedException(why, g.qemu().console().tail());
    }

    /** Ends the guest if one runs; returns whether one did. */
    public synchronized boolean stopGuest() {
        if (guest == null) {
            return false;
        }
        Guest g = guest;
        guest = null;
        g.close();
        return true;
    }

    @Override
    public void close() throws IOException {
        stopGuest();
        transcript.close();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // already shutting down
        }
    }
}
