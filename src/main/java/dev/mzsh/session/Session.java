package dev.mzsh.session;

import dev.mzsh.memorizer.Memorizer;
import dev.mzsh.memorizer.MemorizerException;
import dev.mzsh.memorizer.NoMemorizerException;
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
    private volatile MemorizerOfGuest memorizer;

    /** What the boot-time listing of the memorizer directory found on one guest. */
    private record MemorizerOfGuest(Guest guest, Memorizer memorizer, RuntimeException missing) {}
    private volatile Recording recording;
    private volatile java.util.concurrent.CompletableFuture<Guest> pendingBoot;
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

    /** The recording in progress ({@code record start}), if any. */
    public Optional<Recording> recording() {
        return Optional.ofNullable(recording);
    }

    /**
     * Starts recording the commands entered from now on into {@code file}.
     *
     * @throws IllegalStateException when a recording is already running
     * @throws java.nio.file.FileAlreadyExistsException when {@code file} exists
     */
    public synchronized Recording startRecording(java.nio.file.Path file) throws IOException {
        if (recording != null) {
            throw new IllegalStateException("already recording to " + recording.file());
        }
        recording = new Recording(file);
        return recording;
    }

    /** Ends the recording in progress and returns it (closed), or empty when none runs. */
    public synchronized Optional<Recording> stopRecording() throws IOException {
        Recording r = recording;
        recording = null;
        if (r != null) {
            r.close();
        }
        return Optional.ofNullable(r);
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
        awaitPendingBoot();
        if (guest != null && !guest.alive()) {
            Guest dead = guest;
            guest = null;
            dead.close();
            throw failure(dead, "the guest is not running any more");
        }
        if (guest == null) {
            guest = new GuestLauncher(installation, options, notices).consoleListener(this::consoleBytes).launch(run);
            memorizer = discoverMemorizer(guest);
            events.publish(new GuestBooted(guest));
        }
        return guest;
    }

    /** Each boot lists the memorizer directory once; a kernel without one still boots. */
    private static MemorizerOfGuest discoverMemorizer(Guest g) throws IOException, InterruptedException {
        try {
            return new MemorizerOfGuest(g, Memorizer.discover(g.target(), g.kernel().release()), null);
        } catch (NoMemorizerException | MemorizerException e) {
            return new MemorizerOfGuest(g, null, e);
        }
    }

    /** The running guest's Memorizer (booting the guest first), or the one-line reason it has none. */
    public Memorizer memorizer() throws IOException, InterruptedException {
        Guest g = guest();
        MemorizerOfGuest m = memorizer;
        if (m == null || m.guest() != g) {
            m = discoverMemorizer(g);
            memorizer = m;
        }
        if (m.memorizer() == null) {
            throw m.missing();
        }
        return m.memorizer();
    }

    /** The current guest's Memorizer if it has one, without booting or asking the guest. */
    public Optional<Memorizer> knownMemorizer() {
        MemorizerOfGuest m = memorizer;
        Guest g = guest;
        return m != null && g != null && m.guest() == g ? Optional.ofNullable(m.memorizer()) : Optional.empty();
    }

    /**
     * Boots a fresh guest in the background, halted at its first instruction with
     * the gdbstub on a unix socket; {@code boot.stubListening()} completes with it
     * when a debugger can connect, the returned future once the guest answers
     * (after {@code boot.debuggerDone()}).
     *
     * @throws IllegalStateException when a guest is running already
     */
    public synchronized java.util.concurrent.CompletableFuture<Guest> bootHalted(HaltedBoot boot) {
        if (guest != null && guest.alive()) {
            throw new IllegalStateException("a guest is running");
        }
        if (guest != null) {
            guest.close();
            guest = null;
        }
        java.util.concurrent.CompletableFuture<Guest> ready = new java.util.concurrent.CompletableFuture<>();
        // Not under the session lock: the boot waits for the debugger, which runs in the caller's thread.
        Thread t = new Thread(() -> {
            try {
                Guest g = new GuestLauncher(installation, options, notices).consoleListener(this::consoleBytes)
                        .launch(run, Optional.of(boot));
                memorizer = discoverMemorizer(g);
                guest = g;
                events.publish(new GuestBooted(g));
                ready.complete(g);
            } catch (Throwable e) {
                boot.stubListening().completeExceptionally(e);
                ready.completeExceptionally(e);
            }
        }, "mzsh-boot-for-gdb");
        t.setDaemon(true);
        pendingBoot = ready;
        t.start();
        return ready;
    }

    /** A boot for gdb still under way ends (either way) before anything else boots. */
    private void awaitPendingBoot() throws InterruptedException {
        java.util.concurrent.CompletableFuture<Guest> p = pendingBoot;
        if (p != null) {
            try {
                p.get();
            } catch (java.util.concurrent.ExecutionException e) {
                // its failure was reported to the one who started it
            }
            pendingBoot = null;
        }
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
        memorizer = null;
        g.close();
        events.publish(new GuestStopped());
        return true;
    }

    @Override
    public void close() throws IOException {
        stopGuest();
        stopRecording();
        transcript.close();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // already shutting down
        }
    }
}
