package dev.mzsh.session;

import dev.mzsh.memorizer.Memorizer;
import dev.mzsh.memorizer.MemorizerException;
import dev.mzsh.memorizer.NoMemorizerException;
import dev.mzsh.vm.GuestFault;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The guest of a session over its life: booted on first need (or halted for a
 * debugger), its Memorizer discovered once per boot, stopped, and never
 * outliving the JVM (a shutdown hook ends it).
 */
final class GuestLifecycle {
    /** What the boot-time listing of the memorizer directory found on one guest. */
    private record MemorizerOfGuest(Guest guest, Memorizer memorizer, RuntimeException missing) {}

    private final Installation installation;
    private final GuestOptions options;
    private final RunDirectory run;
    private final PrintStream notices;
    private final ConsoleFanOut console;
    private final SessionEvents events;
    private final Thread shutdownHook;
    private volatile Guest guest;
    private volatile MemorizerOfGuest memorizer;
    private volatile CompletableFuture<Guest> pendingBoot;
    /** Whether each boot lists Memorizer's files at once (for the prompt and status bar) or on first use. */
    private volatile boolean discoverAtBoot = true;

    GuestLifecycle(
            Installation installation,
            GuestOptions options,
            RunDirectory run,
            PrintStream notices,
            ConsoleFanOut console,
            SessionEvents events) {
        this.installation = installation;
        this.options = options;
        this.run = run;
        this.notices = notices;
        this.console = console;
        this.events = events;
        // The hook must not wait for the lifecycle's lock: a boot in progress holds it.
        // A guest still booting then is ended by its parent-death signal when the JVM exits.
        this.shutdownHook = new Thread(
                () -> {
                    Guest g = guest;
                    if (g != null) {
                        g.close();
                    }
                },
                "mzsh-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    Optional<Guest> current() {
        return Optional.ofNullable(guest);
    }

    private GuestLauncher launcher() {
        return new GuestLauncher(installation, options, notices).consoleTo(console);
    }

    /** The running guest, booting the configured one first when none runs. */
    synchronized Guest guest() throws IOException, InterruptedException {
        awaitPendingBoot();
        if (guest != null && !guest.alive()) {
            Guest dead = guest;
            guest = null;
            dead.close();
            throw failure(dead, "the guest is not running any more");
        }
        if (guest == null) {
            guest = launcher().launch(run);
            memorizer = discoverMemorizer(guest);
            events.publish(new GuestBooted(guest));
        }
        return guest;
    }

    /**
     * Batch runs list the memorizer directory when a command first needs it: right after a
     * restore that listing costs a guest command of 0.2-0.3 s under TCG, which `exec` alone never needs.
     */
    void discoverOnDemand() {
        discoverAtBoot = false;
    }

    /** Each boot lists the memorizer directory once; a kernel without one still boots. */
    private static MemorizerOfGuest discoverMemorizer(Guest g) throws IOException, InterruptedException {
        try {
            return new MemorizerOfGuest(
                    g, Memorizer.discover(g.target(), g.kernel().release()), null);
        } catch (NoMemorizerException | MemorizerException e) {
            return new MemorizerOfGuest(g, null, e);
        }
    }

    Memorizer memorizer() throws IOException, InterruptedException {
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

    Optional<Memorizer> knownMemorizer() {
        MemorizerOfGuest m = memorizer;
        Guest g = guest;
        return m != null && g != null && m.guest() == g ? Optional.ofNullable(m.memorizer()) : Optional.empty();
    }

    synchronized CompletableFuture<Guest> bootHalted(HaltedBoot boot) {
        if (guest != null && guest.alive()) {
            throw new IllegalStateException("a guest is running");
        }
        if (guest != null) {
            guest.close();
            guest = null;
        }
        CompletableFuture<Guest> ready = new CompletableFuture<>();
        // Not under the lock: the boot waits for the debugger, which runs in the caller's thread.
        Thread t = new Thread(
                () -> {
                    try {
                        Guest g = launcher().launch(run, Optional.of(boot));
                        memorizer = discoverMemorizer(g);
                        guest = g;
                        events.publish(new GuestBooted(g));
                        ready.complete(g);
                    } catch (Throwable e) {
                        boot.stubListening().completeExceptionally(e);
                        ready.completeExceptionally(e);
                    }
                },
                "mzsh-boot-for-gdb");
        t.setDaemon(true);
        pendingBoot = ready;
        t.start();
        return ready;
    }

    /** A boot for gdb still under way ends (either way) before anything else boots. */
    private void awaitPendingBoot() throws InterruptedException {
        CompletableFuture<Guest> p = pendingBoot;
        if (p != null) {
            try {
                p.get();
            } catch (ExecutionException e) {
                // its failure was reported to the one who started it
            }
            pendingBoot = null;
        }
    }

    GuestFailedException failure(Guest g, String fallback) {
        Optional<GuestFault> fault = g.fault();
        if (fault.isPresent()) {
            return new GuestFailedException(
                    "guest kernel " + fault.get().kind().name().toLowerCase() + ": "
                            + fault.get().line(),
                    g.qemu().console().tail());
        }
        String why = g.qemu().isAlive()
                ? fallback
                : "QEMU exited with status " + g.qemu().exitValue();
        return new GuestFailedException(why, g.qemu().console().tail());
    }

    /**
     * Ends a guest that failed, after writing its memory into the run directory (unless
     * --no-dump) while QEMU still holds it. Returns whether a guest was running.
     */
    synchronized boolean stopAfterCrash(PrintStream err, Optional<String> lastCommand) {
        Guest g = guest;
        if (g != null) {
            CrashReport.write(
                    run, g.kernel().release(), g.fault(), knownMemorizer(), lastCommand, options.dumpOnCrash(), err);
        }
        if (g != null && options.dumpOnCrash()) {
            g.keepEvidence(new CrashEvidence(run, g.kernel().release(), options.vmlinux(), RunBounds.dumpMax(), err));
        }
        return stop();
    }

    synchronized boolean stop() {
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

    void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // already shutting down
        }
    }
}
