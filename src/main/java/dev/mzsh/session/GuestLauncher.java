package dev.mzsh.session;

import dev.mzsh.guest.GuestContract;
import dev.mzsh.host.GuestKernel;
import dev.mzsh.host.HostMissingException;
import dev.mzsh.host.HostProbe;
import dev.mzsh.host.KernelLocator;
import dev.mzsh.host.Provisioner;
import dev.mzsh.initramfs.GuestImageBuilder;
import dev.mzsh.kernel.KernelBuildTree;
import dev.mzsh.machine.AgentChannel;
import dev.mzsh.machine.AgentMessage;
import dev.mzsh.machine.QemuTarget;
import dev.mzsh.machine.SharedDirectory;
import dev.mzsh.machine.TargetGoneException;
import dev.mzsh.snapshot.ContentDigests;
import dev.mzsh.snapshot.GuestMemory;
import dev.mzsh.snapshot.Lookup;
import dev.mzsh.snapshot.Seal;
import dev.mzsh.snapshot.Snapshot;
import dev.mzsh.snapshot.SnapshotFailedException;
import dev.mzsh.snapshot.SnapshotKey;
import dev.mzsh.snapshot.SnapshotStore;
import dev.mzsh.snapshot.StateLoader;
import dev.mzsh.snapshot.StateSaver;
import dev.mzsh.vm.Accelerator;
import dev.mzsh.vm.CappedLog;
import dev.mzsh.vm.ConsoleMonitor;
import dev.mzsh.vm.FaultStop;
import dev.mzsh.vm.PrivateSockets;
import dev.mzsh.vm.QemuCommandLine;
import dev.mzsh.vm.QemuProcess;
import dev.mzsh.vm.QemuSettings;
import dev.mzsh.vm.QmpClient;
import dev.mzsh.vm.ShareSecurity;
import dev.mzsh.vm.UserNetwork;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.commons.codec.digest.DigestUtils;

/** Turns the user's options into a running, answering guest. */
public final class GuestLauncher {
    private final Installation installation;
    private final GuestOptions options;
    private final PrintStream notices;
    private ConsoleFanOut consoleOut = new ConsoleFanOut();

    public GuestLauncher(Installation installation, GuestOptions options, PrintStream notices) {
        this.installation = installation;
        this.options = options;
        this.notices = notices;
    }

    /** Where the console bytes of the guest this launcher boots go, from QEMU's first byte on. */
    GuestLauncher consoleTo(ConsoleFanOut fanOut) {
        this.consoleOut = fanOut;
        return this;
    }

    /** The stock kernel, or --kernel; only checked here (installs are the host package's, before a session). */
    public GuestKernel kernel() {
        if (options.kernel().isPresent()) {
            return KernelBuildTree.kernelAt(options.kernel().get());
        }
        return KernelLocator.stock();
    }

    public Guest launch(RunDirectory run) throws IOException, InterruptedException {
        return launch(run, Optional.empty());
    }

    /**
     * Boots a guest; with {@code halted}, QEMU starts with stopped CPUs and the gdbstub
     * listening, and the boot's progress is judged only from when the CPUs first run.
     * Unless told otherwise (--cold, --no-snapshot, a halted boot) the guest is restored
     * from its ready snapshot when there is a good one, and a cold boot saves one.
     */
    public Guest launch(RunDirectory run, Optional<HaltedBoot> halted) throws IOException, InterruptedException {
        BootTimeline timeline = new BootTimeline(System.getenv("MZSH_TIMING") != null ? notices : null);
        HostProbe probe = Provisioner.required();
        Path setpriv = probe.require(HostProbe.SETPRIV);
        GuestKernel kernel = kernel();
        Optional<UserNetwork> network = options.network();
        Optional<SshForward> forward = network.flatMap(UserNetwork::sshPort).map(SshForward::new);
        if (forward.isPresent()) {
            forward.get().checkFree();
        }
        timeline.mark("host checks");
        Optional<GuestSshKeys> keys = Optional.empty();
        if (forward.isPresent()) {
            keys = Optional.of(GuestSshKeys.ensure(run, probe, forward.get().port()));
        }
        Path initrd;
        Optional<String> initrdDigest = Optional.empty();
        if (options.initrd().isPresent()) {
            initrd = options.initrd().get().toAbsolutePath();
            if (!Files.isReadable(initrd)) {
                throw new HostMissingException("a readable initrd " + initrd, List.of());
            }
        } else {
            GuestImageBuilder.Prepared r =
                    new GuestInitramfs(installation, options).prepare(probe, kernel, run.file("initrd.img"));
            if (!r.unknownModules().isEmpty()) {
                notices.println("mzsh: kernel " + kernel.release() + " has no modules " + r.unknownModules()
                        + " (fine if they are built in)");
            }
            initrd = r.image();
            initrdDigest = Optional.of(r.sha256());
            timeline.mark("initramfs (" + r.how() + ")");
        }
        Accelerator accel = HostProbe.kvmUsable() ? Accelerator.KVM : Accelerator.TCG;
        Path socketDir = PrivateSockets.create(run.path());
        Path share = run.shared();
        Files.createDirectories(share.resolve(GuestContract.AGENT_DIR));
        Path bootImage = BootImage.prepare(installation, kernel, notices).file();
        timeline.mark("kernel image");
        LaunchPlan plan = LaunchPlan.of(
                options,
                kernel,
                bootImage,
                probe.require(HostProbe.QEMU),
                setpriv,
                initrd,
                accel,
                socketDir,
                share,
                ShareSecurity.choose(share),
                halted.isPresent());
        QemuSettings settings = plan.settings();
        List<String> cmd = plan.qemuArgs();
        int mem = plan.memMiB();
        Files.writeString(run.file("qemu.cmdline"), QemuCommandLine.toShell(cmd) + "\n");
        GuestOptions.SnapshotUse use = plan.snapshots();
        SnapshotStore store = SnapshotCache.open(installation);
        Optional<SnapshotKey> key = use == GuestOptions.SnapshotUse.OFF
                ? Optional.empty()
                : Optional.of(SnapshotKey.of(
                        cmd, List.of(socketDir, run.path()), hostCpu(accel), knownDigests(initrd, initrdDigest)));
        timeline.mark("snapshot key");

        long t0 = System.nanoTime();
        Booted booted = null;
        boolean replace = use == GuestOptions.SnapshotUse.COLD;
        if (use == GuestOptions.SnapshotUse.AUTO) {
            Lookup found = store.find(key.get());
            if (found instanceof Lookup.Found f) {
                booted = restore(f.snapshot(), store, plan, socketDir, run, keys, timeline, Optional.empty());
                replace = booted == null; // a snapshot that failed to restore gives way to the next one saved
            } else if (found instanceof Lookup.Refused r) {
                notices.println("mzsh: snapshot " + key.get().shortName() + " refused: " + r.reason()
                        + "; booting cold and saving a new one");
                use = GuestOptions.SnapshotUse.COLD;
                replace = true;
            }
        }
        if (booted == null) {
            if (accel == Accelerator.TCG) {
                notices.println("mzsh: KVM is not available here; using software emulation (TCG): boots take "
                        + "several seconds");
            }
            notices.println("mzsh: booting " + kernel.release() + " (" + accel.qemuName() + ", " + mem + " MiB, "
                    + options.smp() + " CPUs); console: " + run.consoleLog());
            // at most two boots: the first may be retried (BootRetry), the second's failure stands
            for (int attempt = 1; booted == null; attempt++) {
                Optional<Accelerator> retryUnder = attempt == 1 ? Optional.of(accel) : Optional.empty();
                try {
                    BootResult r = coldBoot(
                            plan, socketDir, run, halted, keys, key, use, replace, store, kernel, timeline, retryUnder);
                    if (r instanceof SavedCold saved) {
                        // The cold QEMU ended at the ready point (its RAM is the snapshot's memory file):
                        // this run goes on in a restore of what it saved.
                        if (saved.snapshot().isPresent()) {
                            booted = restore(
                                    saved.snapshot().get(),
                                    store,
                                    plan,
                                    socketDir,
                                    run,
                                    keys,
                                    timeline,
                                    Optional.of(saved.origin()));
                        }
                        if (booted == null) {
                            key = Optional.empty(); // boot once more, cold and saving nothing
                            attempt--;
                        }
                    } else {
                        booted = (Booted) r;
                    }
                } catch (GuestFailedException e) {
                    Optional<String> retry = retryUnder.flatMap(a -> BootRetry.reason(e, a, halted.isPresent()));
                    if (retry.isEmpty()) {
                        throw e;
                    }
                    notices.println("mzsh: " + e.getMessage() + "; " + retry.get() + ", so booting once more");
                }
            }
        }
        Started s = booted.started();
        try {
            Duration bootTime = Duration.ofNanos(System.nanoTime() - t0);
            notices.printf("mzsh: guest ready in %.1f s (%s)%n", bootTime.toMillis() / 1000.0, booted.stages());
            List<String> sshLogin = List.of();
            if (forward.isPresent()) {
                long deadline = System.nanoTime() + options.bootTimeout().toNanos();
                sshLogin = awaitSshServer(forward.get(), keys.get(), deadline, s.qemu(), s.console(), run);
                timeline.mark("ssh server answers");
            }
            QemuTarget target = new QemuTarget(
                    s.channel(),
                    new SharedDirectory(share, QemuSettings.GUEST_SHARE),
                    new QemuVitals(s.qemu(), s.console(), s.qmp(), s.shareWatch()));
            Guest guest = new Guest(
                    kernel,
                    accel,
                    s.qemu(),
                    s.channel(),
                    s.qmp(),
                    target,
                    bootTime,
                    socketDir,
                    settings.gdbSocket(),
                    s.shareWatch(),
                    consoleOut);
            guest.origin(booted.origin());
            if (!sshLogin.isEmpty()) {
                guest.sshLogin(sshLogin.get(sshLogin.size() - 1));
            }
            return guest;
        } catch (InterruptedException | RuntimeException e) {
            boolean qemuEndedAlone = !s.qemu().isAlive();
            CrashEvidence.afterFailedBoot(e, options, run, kernel.release(), s.qemu(), s.qmp(), s.console(), notices);
            s.close();
            if (forward.isPresent() && qemuEndedAlone) {
                forward.get().checkFree(); // taken after the first check, so QEMU could not forward it: exit 4
            }
            throw e;
        }
    }

    /** The initramfs's digest as it was copied for this run; any other file's as {@link ContentDigests} knows it. */
    private SnapshotKey.Digests knownDigests(Path initrd, Optional<String> initrdDigest) {
        ContentDigests remembered = new ContentDigests(installation.cacheDir().resolve("digests"));
        return file -> file.equals(initrd) && initrdDigest.isPresent() ? initrdDigest.get() : remembered.sha256(file);
    }

    /** A QEMU with its console, control channel, QMP and share watch. */
    private record Started(
            QemuProcess qemu,
            ConsoleMonitor console,
            AgentChannel channel,
            QmpClient qmp,
            ShareWatch shareWatch,
            long logStart) {
        void close() {
            shareWatch.close();
            qemu.close();
            try {
                channel.close();
                qmp.close();
            } catch (IOException ignored) {
                // QEMU is gone; so are its sockets
            }
        }
    }

    /** How a cold boot ended: a guest that answers, or a snapshot saved in its stead. */
    private sealed interface BootResult permits Booted, SavedCold {}

    /** A guest that answers, how it came up (for status) and its stages (for the ready notice). */
    private record Booted(Started started, String origin, String stages) implements BootResult {}

    /**
     * A cold boot that saved its guest at the ready point and ended its QEMU (whose RAM was
     * the snapshot's memory file); empty when saving failed after that, so a cold boot is next.
     */
    private record SavedCold(Optional<Snapshot> snapshot, String origin) implements BootResult {}

    /** Starts QEMU as {@code cmd} (the plan's arguments and a boot's own) and connects to its agent socket and QMP. */
    private Started start(List<String> cmd, LaunchPlan plan, RunDirectory run, Optional<byte[]> replay)
            throws IOException, InterruptedException {
        QemuSettings settings = plan.settings();
        // Sockets of an earlier QEMU of this run (a restore given up) must not be taken for this one's.
        Files.deleteIfExists(settings.agentSocket());
        Files.deleteIfExists(settings.qmpSocket());
        RunBounds bounds = RunBounds.fromEnvironment();
        long logStart = Files.exists(run.consoleLog()) ? Files.size(run.consoleLog()) : 0;
        ConsoleMonitor console = new ConsoleMonitor(consoleLog(run, bounds), consoleOut);
        QemuProcess qemu = QemuProcess.start(cmd, plan.setpriv(), console, replay.orElse(new byte[0]));
        ShareWatch shareWatch = new ShareWatch(settings.shareDir(), bounds.shareMax(), notices, qemu::close);
        AgentChannel channel = null;
        try {
            channel = AgentChannel.connect(settings.agentSocket(), Duration.ofSeconds(10));
            QmpClient qmp = QmpClient.connect(settings.qmpSocket(), Duration.ofSeconds(10));
            FaultStop.arm(console, qmp); // an oops stops the CPUs: a crash dump shows its moment
            return new Started(qemu, console, channel, qmp, shareWatch, logStart);
        } catch (IOException | InterruptedException | RuntimeException e) {
            shareWatch.close();
            qemu.close();
            if (channel != null) {
                channel.close();
            }
            throw e;
        }
    }

    /** The console log, appended to, so that after a reboot the earlier boot's console stays readable. */
    private OutputStream consoleLog(RunDirectory run, RunBounds bounds) throws IOException {
        Path logFile = run.consoleLog();
        long logged = Files.exists(logFile) ? Files.size(logFile) : 0;
        String cap = RunBounds.describe(bounds.consoleLogMax());
        return new CappedLog(
                new BufferedOutputStream(
                        Files.newOutputStream(logFile, StandardOpenOption.CREATE, StandardOpenOption.APPEND)),
                bounds.consoleLogMax(),
                logged,
                "[mzsh: console.log reached its cap of " + cap
                        + " (MZSH_CONSOLE_LOG_MAX); later console output is not logged]",
                () -> notices.println("mzsh: " + logFile + " reached its cap of " + cap
                        + "; later console output is not logged (raise MZSH_CONSOLE_LOG_MAX)"));
    }

    /**
     * Restores {@code snapshot}: streams it into a QEMU waiting for its state, checks it
     * against its seal before the guest runs, personalises the guest and waits for its agent.
     * Anything wrong costs a one-line notice and returns null: the caller boots cold.
     * {@code afterSave} (how status names the boot) when this run has just saved it: then its
     * console.log already holds the boot, and the run says nothing of restoring.
     */
    private Booted restore(
            Snapshot snapshot,
            SnapshotStore store,
            LaunchPlan plan,
            Path socketDir,
            RunDirectory run,
            Optional<GuestSshKeys> keys,
            BootTimeline timeline,
            Optional<String> afterSave)
            throws IOException, InterruptedException {
        List<String> restoreCmd = new ArrayList<>(plan.qemuArgs());
        restoreCmd.addAll(GuestMemory.qemuArgs(snapshot.memory(), plan.memMiB(), false));
        restoreCmd.addAll(StateLoader.incomingArgs());
        Started s = null;
        try {
            Optional<byte[]> replay = afterSave.isPresent() ? Optional.empty() : Optional.of(bootConsole(snapshot));
            s = start(restoreCmd, plan, run, replay);
            timeline.mark("qemu started (restoring)");
            StateLoader.load(snapshot, socketDir, s.qmp(), s.qemu()::isAlive);
            timeline.mark("snapshot loaded and verified");
            s.qmp().execute("cont");
            BootWatch watch = new BootWatch(s.qemu(), s.console(), options.bootTimeout(), run.consoleLog());
            watch.stage("restored");
            s.channel().personalise(Personalisation.line(keys));
            awaitHello(s.channel(), watch);
            watch.stage("agent");
            timeline.mark("agent hello");
            store.touch(snapshot);
            if (afterSave.isPresent()) {
                return new Booted(s, afterSave.get(), watch.summary());
            }
            Seal seal = snapshot.seal();
            String origin = "restored from snapshot " + seal.key().shortName() + " (made "
                    + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                            .withZone(ZoneId.systemDefault())
                            .format(seal.created())
                    + String.format(
                            "; it replaces a %.1f s cold boot)", seal.coldBoot().toMillis() / 1000.0);
            notices.println("mzsh: " + origin);
            return new Booted(s, origin, watch.summary());
        } catch (IOException | GuestFailedException e) {
            // A bad snapshot, a guest that does not come back, or a socket or QMP call of the
            // restore that fails: never the run's end. A cold boot follows, and a host problem
            // that is not the snapshot's meets that boot too.
            notices.println("mzsh: snapshot " + snapshot.seal().key().shortName() + " not used: " + e.getMessage()
                    + "; booting cold");
            if (s != null) {
                s.close();
            }
            return null;
        } catch (InterruptedException | RuntimeException e) {
            if (s != null) {
                s.close();
            }
            throw e;
        }
    }

    /**
     * Boots cold to the guest's ready point, saves a snapshot there when {@code key} says
     * so (a failed save costs a notice, never the boot), personalises and waits for the agent.
     * With {@code retryUnder}, a failure that {@link BootRetry} will boot again after collects no dump.
     */
    private BootResult coldBoot(
            LaunchPlan plan,
            Path socketDir,
            RunDirectory run,
            Optional<HaltedBoot> halted,
            Optional<GuestSshKeys> keys,
            Optional<SnapshotKey> key,
            GuestOptions.SnapshotUse use,
            boolean replace,
            SnapshotStore store,
            GuestKernel kernel,
            BootTimeline timeline,
            Optional<Accelerator> retryUnder)
            throws IOException, InterruptedException {
        Optional<Path> work = key.isPresent() ? snapshotWorkDir(store, plan.memMiB()) : Optional.empty();
        List<String> bootCmd = new ArrayList<>(plan.qemuArgs());
        work.ifPresent(w -> bootCmd.addAll(GuestMemory.qemuArgs(SnapshotStore.memoryIn(w), plan.memMiB(), true)));
        Started s;
        try {
            s = start(bootCmd, plan, run, Optional.empty());
        } catch (IOException | InterruptedException | RuntimeException e) {
            work.ifPresent(store::discard);
            throw e;
        }
        try {
            timeline.mark("qemu started");
            if (halted.isPresent()) {
                // QMP answers only after QEMU has set up every chardev, the gdbstub included.
                halted.get()
                        .stubListening()
                        .complete(plan.settings().gdbSocket().orElseThrow());
                awaitDebugger(s.qmp(), s.qemu(), halted.get(), s.console());
                timeline.mark("debugger done");
            }
            BootWatch watch = new BootWatch(s.qemu(), s.console(), options.bootTimeout(), run.consoleLog());
            boolean atReadyPoint = awaitReadyPoint(s.channel(), watch);
            timeline.mark("ready point");
            String origin = "cold boot";
            if (atReadyPoint) {
                if (work.isPresent()) {
                    BootResult saved =
                            save(s, key.get(), use, replace, store, work.get(), socketDir, kernel, watch, run);
                    work = Optional.empty(); // published or discarded
                    timeline.mark("snapshot");
                    if (saved instanceof SavedCold) {
                        return saved;
                    }
                    origin = ((Booted) saved).origin();
                    watch.hostWorkDone();
                } else if (use == GuestOptions.SnapshotUse.OFF) {
                    origin = "cold boot (no snapshot)";
                }
                s.channel().personalise(Personalisation.line(keys));
            }
            // No snapshot from this boot: its memory file goes (QEMU keeps its mapping of it).
            work.ifPresent(store::discard);
            work = Optional.empty();
            awaitHello(s.channel(), watch);
            watch.stage("agent");
            timeline.mark("agent hello");
            return new Booted(s, origin, watch.summary());
        } catch (IOException | InterruptedException | RuntimeException e) {
            // a boot that will be tried again keeps its console, not a vmcore (the run's one dump is for the second)
            boolean retried = e instanceof GuestFailedException g
                    && retryUnder
                            .flatMap(a -> BootRetry.reason(g, a, halted.isPresent()))
                            .isPresent();
            if (!retried) {
                CrashEvidence.afterFailedBoot(
                        e, options, run, kernel.release(), s.qemu(), s.qmp(), s.console(), notices);
            }
            s.close();
            work.ifPresent(store::discard);
            throw e;
        }
    }

    /**
     * A private directory in the store for the snapshot this boot saves, or empty (with a notice)
     * when the store's disk cannot hold the guest's memory: QEMU writes the guest's RAM there,
     * and a write to a full disk through a mapping kills it.
     */
    private Optional<Path> snapshotWorkDir(SnapshotStore store, int memMiB) {
        try {
            Path work = store.newWorkDir();
            long free = Files.getFileStore(work).getUsableSpace();
            long need = ((long) memMiB << 20) + (256L << 20);
            if (free < need) {
                store.discard(work);
                notices.printf(
                        "mzsh: no snapshot will be saved: %s has %d MiB free and the guest's memory needs %d MiB "
                                + "(free space, or set MZSH_SNAPSHOTS to a larger disk)%n",
                        store.root(), free >> 20, need >> 20);
                return Optional.empty();
            }
            return Optional.of(work);
        } catch (IOException e) {
            notices.println("mzsh: no snapshot will be saved: " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Saves the guest at its ready point into the store. Saved, its QEMU ends (the memory file
     * must not change after it is sealed) and the result is a {@link SavedCold}; not saved, the
     * guest runs on and the result is a {@link Booted} naming the failure for status.
     */
    private BootResult save(
            Started s,
            SnapshotKey key,
            GuestOptions.SnapshotUse use,
            boolean replace,
            SnapshotStore store,
            Path work,
            Path socketDir,
            GuestKernel kernel,
            BootWatch watch,
            RunDirectory run)
            throws InterruptedException {
        Duration coldBoot = Duration.ofMillis(watch.elapsedMillis());
        long t = System.nanoTime();
        StateSaver.Saved saved;
        byte[] console;
        try {
            console = bootConsoleSoFar(run, s.logStart());
            saved = new StateSaver(s.qmp(), socketDir).save(work.resolve("state"));
        } catch (IOException e) {
            store.discard(work);
            notices.println("mzsh: no snapshot saved: " + e.getMessage());
            return new Booted(s, "cold boot (no snapshot saved: " + e.getMessage() + ")", "");
        }
        s.close();
        String label = "cold boot" + (use == GuestOptions.SnapshotUse.COLD ? " (--cold)" : "");
        try {
            Files.write(work.resolve("console.log"), console);
            Path memory = SnapshotStore.memoryIn(work);
            Snapshot published = store.publish(
                    work,
                    new Seal(
                            key,
                            saved.size(),
                            saved.sha256(),
                            Instant.now(),
                            coldBoot,
                            kernel.release(),
                            DigestUtils.sha256Hex(console),
                            Files.size(memory),
                            SnapshotStore.memoryStamp(work)),
                    replace);
            long ms = (System.nanoTime() - t) / 1_000_000;
            watch.stage("snapshot saved");
            notices.printf(
                    "mzsh: saved snapshot %s (%d KiB of device state and %d MiB of memory in %.1f s); "
                            + "later runs of this guest restore it%n",
                    key.shortName(), saved.size() >> 10, Files.size(published.memory()) >> 20, ms / 1000.0);
            return new SavedCold(
                    Optional.of(published),
                    label + "; saved snapshot " + published.seal().key().shortName());
        } catch (IOException e) {
            store.discard(work);
            notices.println("mzsh: no snapshot saved: " + e.getMessage() + "; booting once more");
            return new SavedCold(Optional.empty(), label);
        }
    }

    /** This boot's console output so far (it is in console.log from {@code from} on), at most 16 MiB. */
    private static byte[] bootConsoleSoFar(RunDirectory run, long from) throws IOException {
        try (var ch = java.nio.channels.FileChannel.open(run.consoleLog(), StandardOpenOption.READ)) {
            long n = Math.max(0, Math.min(ch.size() - from, 16L << 20));
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate((int) n);
            while (b.hasRemaining() && ch.read(b, from + b.position()) > 0) {
                // reads until full
            }
            return Arrays.copyOf(b.array(), b.position());
        }
    }

    /**
     * The boot console the snapshot saved, checked against its seal, and a line that says
     * where it comes from: a restored guest's console.log reads as a cold one's, the kernel's
     * boot messages included.
     */
    private static byte[] bootConsole(Snapshot snapshot) throws IOException {
        byte[] saved = Files.readAllBytes(snapshot.console());
        if (!DigestUtils.sha256Hex(saved).equals(snapshot.seal().consoleSha256())) {
            throw new SnapshotFailedException("its boot console does not match its seal");
        }
        String marker = (saved.length > 0 && saved[saved.length - 1] != '\n' ? "\n" : "")
                + "[mzsh: guest restored from snapshot " + snapshot.seal().key().shortName()
                + "; the lines above are the boot it saved]\n";
        byte[] m = marker.getBytes(StandardCharsets.UTF_8);
        byte[] all = Arrays.copyOf(saved, saved.length + m.length);
        System.arraycopy(m, 0, all, saved.length, m.length);
        return all;
    }

    /**
     * Follows the guest init's stages to its ready point. An init without one (an
     * initramfs from elsewhere) starts its agent at once: then false, and no snapshot.
     */
    private static boolean awaitReadyPoint(AgentChannel channel, BootWatch watch) throws InterruptedException {
        while (true) {
            Optional<AgentMessage.Stage> st;
            try {
                st = channel.nextStage(Duration.ofMillis(100));
            } catch (TargetGoneException e) {
                watch.check();
                throw watch.failed("the guest's control channel closed during boot");
            }
            if (st.isPresent()) {
                watch.stage(st.get().name(), st.get().uptimeSeconds());
                if (st.get().name().equals("ready")) {
                    return true;
                }
            } else if (channel.helloArrived()) {
                return false;
            }
            watch.check();
        }
    }

    /**
     * Waits, without a time limit, while the debugger owns the guest (it may stop it
     * at breakpoints for as long as the user likes), then makes sure the CPUs run.
     * The boot's progress is judged from here.
     */
    private static void awaitDebugger(QmpClient qmp, QemuProcess qemu, HaltedBoot halted, ConsoleMonitor console)
            throws IOException, InterruptedException {
        while (!halted.debuggerDone().isDone()) {
            if (!qemu.isAlive()) {
                qemu.waitFor(2, TimeUnit.SECONDS);
                throw new GuestFailedException(
                        "QEMU exited while the debugger had it: " + whyGone(qemu, console), console.tail());
            }
            Thread.sleep(100);
        }
        if (!"running".equals(qmp.execute("query-status").path("status").asText())) {
            qmp.execute("cont");
        }
    }

    private static void awaitHello(AgentChannel channel, BootWatch watch) throws InterruptedException, IOException {
        while (true) {
            try {
                AgentMessage.Hello hello = channel.awaitHello(Duration.ofMillis(100));
                if (!hello.share()) {
                    throw watch.failed("the guest agent started but the run directory share (9p) is not "
                            + "mounted; this kernel needs CONFIG_NET_9P_VIRTIO and CONFIG_9P_FS");
                }
                return;
            } catch (TimeoutException e) {
                watch.check();
            } catch (TargetGoneException e) {
                watch.check();
                throw watch.failed("the guest's control channel closed during boot");
            }
        }
    }

    /** What the guest's CPU model depends on: the host CPU under KVM (-cpu host), nothing under TCG. */
    private static String hostCpu(Accelerator accel) throws IOException {
        if (accel != Accelerator.KVM) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
            if (line.isBlank()) {
                break; // the first CPU is enough: they are alike
            }
            if (line.startsWith("model name")
                    || line.startsWith("flags")
                    || line.startsWith("vendor_id")
                    || line.startsWith("cpu family")
                    || line.startsWith("model\t")
                    || line.startsWith("stepping")) {
                b.append(line).append('\n');
            }
        }
        return b.toString();
    }

    /** Waits (within the boot timeout) for dropbear behind the forward, then says how to log in. */
    private List<String> awaitSshServer(
            SshForward forward,
            GuestSshKeys keys,
            long deadline,
            QemuProcess qemu,
            ConsoleMonitor console,
            RunDirectory run)
            throws InterruptedException {
        if (!forward.awaitServer(Math.max(deadline, System.nanoTime() + 30_000_000_000L), qemu::isAlive)) {
            if (!qemu.isAlive()) {
                throw new GuestFailedException("the guest died during boot: " + whyGone(qemu, console), console.tail());
            }
            throw new GuestFailedException(
                    "the guest's SSH server gave no SSH banner on " + UserNetwork.LOOPBACK + ":"
                            + forward.port() + " within the boot timeout; see " + run.consoleLog()
                            + " (a kernel of your own needs CONFIG_VIRTIO_NET)",
                    console.tail());
        }
        List<String> usage = forward.usage(keys, launcherPath());
        for (String line : usage) {
            notices.println("mzsh: ssh: " + line);
        }
        return usage;
    }

    /** ./mzsh when run from the checkout, else the launcher's full path. */
    private Path launcherPath() {
        Path launcher = installation.home().resolve("mzsh");
        Path cwd = Path.of("").toAbsolutePath();
        return launcher.getParent().equals(cwd) ? Path.of(".", "mzsh") : launcher;
    }

    static String whyGone(QemuProcess qemu, ConsoleMonitor console) {
        if (console.fault().isPresent()) {
            return "guest kernel " + console.fault().get().kind().name().toLowerCase() + ": "
                    + console.fault().get().line();
        }
        if (!qemu.isAlive()) {
            return "QEMU exited with status " + qemu.exitValue();
        }
        return "the guest agent stopped answering";
    }
}
