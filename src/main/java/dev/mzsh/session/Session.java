package dev.mzsh.session;

import dev.mzsh.machine.SshSettings;
import dev.mzsh.machine.SshTarget;
import dev.mzsh.machine.Target;
import dev.mzsh.memorizer.Memorizer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One run of mzsh: its run directory, transcript, recording, events, console
 * fan-out to front ends, and the guest ({@link GuestLifecycle}: booted on first
 * need). Closing it ends the guest; a JVM shutdown hook does the same on Ctrl-C.
 */
public final class Session implements AutoCloseable {
    private final GuestOptions options;
    private final RunDirectory run;
    private final Transcript transcript;
    private final SessionEvents events = new SessionEvents();
    private final GuestLifecycle guests;
    /** Set when the session's machine is reached over SSH (--target): then no QEMU guest ever boots. */
    private final RemoteMachine remote;

    private final ConsoleFanOut console = new ConsoleFanOut();
    private volatile boolean consoleEcho = true;
    private volatile Recording recording;

    public Session(Installation installation, GuestOptions options, RunDirectory run, PrintStream notices)
            throws IOException {
        this(installation, options, run, notices, Optional.empty());
    }

    /** @param ssh the SSH target (--target) to use instead of booting a guest, if any */
    public Session(
            Installation installation,
            GuestOptions options,
            RunDirectory run,
            PrintStream notices,
            Optional<SshSettings> ssh)
            throws IOException {
        this.remote = ssh.map(s -> new RemoteMachine(s, notices)).orElse(null);
        this.options = options;
        this.run = run;
        this.transcript = new Transcript(run.file("transcript.mzsh"), "run directory " + run.path());
        this.guests = new GuestLifecycle(installation, options, run, notices, console, events);
    }

    public static RunDirectory newRunDirectory(Optional<Path> exact) throws IOException {
        return exact.isPresent()
                ? RunDirectory.exactly(exact.get())
                : RunDirectory.createUnder(Path.of("mzsh-runs"), LocalDateTime.now());
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
    public synchronized Recording startRecording(Path file) throws IOException {
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
    public Runnable subscribeConsole(Consumer<byte[]> listener) {
        return console.subscribe(listener);
    }

    public GuestOptions options() {
        return options;
    }

    public Transcript transcript() {
        return transcript;
    }

    public Optional<Guest> currentGuest() {
        return guests.current();
    }

    /**
     * The running QEMU guest, booting the configured one first when none runs.
     *
     * @throws QemuOnlyException when the session's target is an SSH machine
     */
    public Guest guest() throws IOException, InterruptedException {
        if (remote != null) {
            throw new QemuOnlyException(remote.describe());
        }
        return guests.guest();
    }

    /** The machine commands run on: the SSH target (connecting first), or the guest (booting it first). */
    public Target target() throws IOException, InterruptedException {
        return remote != null ? remote.target() : guests.guest().target();
    }

    /** The SSH target's connection when this session has one and it is up. */
    public Optional<SshTarget> remote() {
        return remote == null ? Optional.empty() : remote.current();
    }

    /** The SSH target's address, when the session has one (connected or not). */
    public Optional<String> remoteAddress() {
        return remote == null ? Optional.empty() : Optional.of(remote.describe());
    }

    /** The SSH target's kernel release and how long it has been connected (status). */
    public Optional<String> remoteRelease() {
        return remote().map(t ->
                remote.release() + ", connected " + remote.connected().toSeconds() + " s");
    }

    /** The machine's Memorizer (booting or connecting first), or the one-line reason it has none. */
    public Memorizer memorizer() throws IOException, InterruptedException {
        return remote != null ? remote.memorizer() : guests.memorizer();
    }

    /** The current machine's Memorizer if it has one, without booting, connecting or asking it. */
    /**
     * Memorizer is listed when a command first needs it instead of at each boot; for batch
     * runs, which show no prompt or status bar that names its mode.
     */
    public void discoverMemorizerOnDemand() {
        guests.discoverOnDemand();
    }

    public Optional<Memorizer> knownMemorizer() {
        return remote != null ? remote.knownMemorizer() : guests.knownMemorizer();
    }

    /**
     * Boots a fresh guest in the background, halted at its first instruction with
     * the gdbstub on a unix socket; {@code boot.stubListening()} completes with it
     * when a debugger can connect, the returned future once the guest answers
     * (after {@code boot.debuggerDone()}).
     *
     * @throws IllegalStateException when a guest is running already
     */
    public CompletableFuture<Guest> bootHalted(HaltedBoot boot) {
        return guests.bootHalted(boot);
    }

    /** Turns a lost guest into the failure to report (exit status 3), with the console tail. */
    public GuestFailedException failure(Guest g, String fallback) {
        return guests.failure(g, fallback);
    }

    /**
     * Ends a guest that crashed or hung, first writing its memory into the run directory
     * (unless --no-dump) and saying on {@code err} where and how to open it.
     */
    public boolean stopCrashedGuest(PrintStream err) {
        if (remote != null) {
            return remote.stop();
        }
        return guests.stopAfterCrash(err, transcript.lastCommand());
    }

    /** Ends the guest if one runs; returns whether one did. */
    public boolean stopGuest() {
        if (remote != null) {
            return remote.stop();
        }
        return guests.stop();
    }

    @Override
    public void close() throws IOException {
        if (remote != null) {
            remote.stop();
        }
        guests.close();
        stopRecording();
        transcript.close();
    }
}
