package dev.mzsh.session;

import dev.mzsh.host.GuestKernel;
import dev.mzsh.host.HostMissingException;
import dev.mzsh.host.HostProbe;
import dev.mzsh.host.KernelLocator;
import dev.mzsh.host.GuestToolBuilder;
import dev.mzsh.host.Provisioner;
import dev.mzsh.host.SimModuleBuilder;
import dev.mzsh.initramfs.ArchiveCache;
import dev.mzsh.initramfs.Compression;
import dev.mzsh.initramfs.GuestImageBuilder;
import dev.mzsh.initramfs.GuestImageInputs;
import dev.mzsh.initramfs.NetworkParts;
import dev.mzsh.kernel.KernelBuildTree;
import dev.mzsh.machine.AgentChannel;
import dev.mzsh.machine.AgentMessage;
import dev.mzsh.machine.QemuTarget;
import dev.mzsh.machine.SharedDirectory;
import dev.mzsh.machine.TargetGoneException;
import dev.mzsh.vm.Accelerator;
import dev.mzsh.vm.CappedLog;
import dev.mzsh.vm.ConsoleMonitor;
import dev.mzsh.vm.GdbStub;
import dev.mzsh.vm.FaultStop;
import dev.mzsh.vm.GuestFault;
import dev.mzsh.vm.KernelCommandLine;
import dev.mzsh.vm.QemuCommandLine;
import dev.mzsh.vm.QemuProcess;
import dev.mzsh.vm.QemuSettings;
import dev.mzsh.vm.PrivateSockets;
import dev.mzsh.vm.QmpClient;
import dev.mzsh.vm.ShareSecurity;
import dev.mzsh.vm.UserNetwork;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Turns the user's options into a running, answering guest. */
public final class GuestLauncher {
    private static final List<Path> BATS_TREES = List.of(
            Path.of("/usr/lib/bats-core"), Path.of("/usr/libexec/bats-core"), Path.of("/usr/lib/bats"));

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

    /** The inputs of the guest initramfs for {@code kernel}, building memorizer-sim if needed. */
    public GuestImageInputs imageInputs(HostProbe probe, GuestKernel kernel) throws IOException {
        Optional<Path> sim = Optional.empty();
        if (kernel.stock() && !options.sim().equals("off")) {
            Optional<KernelBuildTree> tree = KernelBuildTree.containing(kernel.image());
            if (tree.isPresent() && kernel.buildDir().isEmpty()) {
                throw new HostMissingException("a memorizer-sim for the kernel in " + tree.get().dir() + ": "
                        + (tree.get().hasModules() ? "its modules were not installed (build it with mzsh kernel build)"
                                : "it cannot load modules (CONFIG_MODULES); build it with kernel-configs/mzsh-guest.config")
                        + ", or boot with --sim off", List.of());
            }
            sim = new SimModuleBuilder(installation.simSources(), installation.cacheDir()).ensure(kernel);
        }
        List<Path> batsTrees = new ArrayList<>();
        for (Path t : BATS_TREES) {
            if (Files.isDirectory(t)) {
                batsTrees.add(t);
            }
        }
        return new GuestImageInputs(probe.require(HostProbe.BUSYBOX), probe.require(HostProbe.BASH), batsTrees,
                probe.require(HostProbe.BATS), kernel.release(), kernel.modulesDir(), GuestImageInputs.GUEST_MODULES,
                sim, new GuestToolBuilder(installation.guestToolSources(), installation.cacheDir()).ensureCopyTool(probe),
                installation.guestRoot(), installation.batsTests(), options.extraDirs(), networkParts(probe));
    }

    /** The network driver, and dropbear (with sftp-server when the host has it) for --ssh-port. */
    private Optional<NetworkParts> networkParts(HostProbe probe) {
        if (options.network().isEmpty()) {
            return Optional.empty();
        }
        if (options.network().get().sshPort().isEmpty()) {
            return Optional.of(new NetworkParts(NetworkParts.MODULES, Optional.empty(), Optional.empty()));
        }
        HostProbe.SSH_SERVER.forEach(probe::require);
        return Optional.of(new NetworkParts(NetworkParts.MODULES, Optional.of(probe.require(HostProbe.DROPBEAR)),
                probe.find(HostProbe.SFTP_SERVER).path()));
    }

    public static GuestImageBuilder imageBuilder(Installation installation) {
        return new GuestImageBuilder(new ArchiveCache(installation.cacheDir().resolve("initramfs")), Compression.GZIP);
    }

    public Guest launch(RunDirectory run) throws IOException, InterruptedException {
        return launch(run, Optional.empty());
    }

    /**
     * Boots a guest; with {@code halted}, QEMU starts with stopped CPUs and the gdbstub
     * listening, and the boot timeout counts only from when the CPUs first run.
     */
    public Guest launch(RunDirectory run, Optional<HaltedBoot> halted) throws IOException, InterruptedException {
        BootTimeline timeline = new BootTimeline(System.getenv("MZSH_TIMING") != null ? notices : null);
        CompletableFuture<Void> ptyReady = QemuProcess.warmUp();
        HostProbe probe = Provisioner.required();
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
        if (options.initrd().isPresent()) {
            initrd = options.initrd().get().toAbsolutePath();
            if (!Files.isReadable(initrd)) {
                throw new HostMissingException("a readable initrd " + initrd, List.of());
            }
        } else {
            Optional<dev.mzsh.initramfs.ArchiveLayout> runFiles = Optional.empty();
            if (keys.isPresent()) {
                runFiles = Optional.of(keys.get().guestFiles());
            }
            GuestImageBuilder.Result r = imageBuilder(installation).build(imageInputs(probe, kernel),
                    run.file("initrd.img"), runFiles);
            if (!r.unknownModules().isEmpty()) {
                notices.println("mzsh: kernel " + kernel.release() + " has no modules " + r.unknownModules()
                        + " (fine if they are built in)");
            }
            initrd = r.image();
            timeline.mark(r.fullyCached() ? "initramfs (cached)" : "initramfs (built)");
        }
        Accelerator accel = HostProbe.kvmUsable() ? Accelerator.KVM : Accelerator.TCG;
        if (accel == Accelerator.TCG) {
            notices.println("mzsh: KVM is not available here; using software emulation (TCG): boots take several seconds");
        }
        Path socketDir = PrivateSockets.create(run.path());
        Path share = run.shared();
        Files.createDirectories(share.resolve(".agent"));
        int mem = options.memMiB().orElse(kernel.stock() ? 1024 : 8192);
        String sim = kernel.stock() ? options.sim() : "off";
        QemuSettings settings = new QemuSettings(probe.require(HostProbe.QEMU), kernel.image(), initrd,
                KernelCommandLine.build(4, sim, network.isPresent(), options.append()), mem, options.smp(), accel, share,
                ShareSecurity.choose(share), socketDir.resolve("agent.sock"), socketDir.resolve("qmp.sock"), List.of());
        if (network.isPresent()) {
            settings = settings.withNetwork(network.get());
        }
        if (halted.isPresent()) {
            settings = settings.withGdb(socketDir.resolve(GdbStub.SOCKET_NAME), true);
        }
        List<String> cmd = QemuCommandLine.build(settings);
        Files.writeString(run.file("qemu.cmdline"), QemuCommandLine.toShell(cmd) + "\n");

        notices.println("mzsh: booting " + kernel.release() + " (" + accel.qemuName() + ", " + mem + " MiB, "
                + options.smp() + " CPUs); console: " + run.consoleLog());
        long t0 = System.nanoTime();
        // Appended, so that after a reboot the earlier boot's console stays readable.
        RunBounds bounds = RunBounds.fromEnvironment();
        Path logFile = run.consoleLog();
        long logged = Files.exists(logFile) ? Files.size(logFile) : 0;
        String cap = RunBounds.describe(bounds.consoleLogMax());
        OutputStream log = new CappedLog(new BufferedOutputStream(Files.newOutputStream(logFile,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)),
                bounds.consoleLogMax(), logged, "[mzsh: console.log reached its cap of " + cap
                        + " (MZSH_CONSOLE_LOG_MAX); later console output is not logged]",
                () -> notices.println("mzsh: " + logFile + " reached its cap of " + cap
                        + "; later console output is not logged (raise MZSH_CONSOLE_LOG_MAX)"));
        ConsoleMonitor console = new ConsoleMonitor(log, consoleOut);
        ptyReady.join();
        QemuProcess qemu;
        try {
            qemu = QemuProcess.start(cmd, console, 200, 50);
        } catch (IOException | RuntimeException e) {
            log.close();
            throw e;
        }
        timeline.mark("qemu started");
        QemuProcess started = qemu;
        ShareWatch shareWatch = new ShareWatch(share, bounds.shareMax(), notices, started::close);
        AgentChannel channel = null;
        QmpClient qmp = null;
        try {
            channel = AgentChannel.connect(settings.agentSocket(), Duration.ofSeconds(10));
            qmp = QmpClient.connect(settings.qmpSocket(), Duration.ofSeconds(10));
            FaultStop.arm(console, qmp); // an oops stops the CPUs: a crash dump shows its moment
            timeline.mark("agent and qmp sockets connected");
            if (halted.isPresent()) {
                // QMP answers only after QEMU has set up every chardev, the gdbstub included.
                halted.get().stubListening().complete(settings.gdbSocket().orElseThrow());
                awaitDebugger(qmp, qemu, halted.get(), console);
                timeline.mark("debugger done");
            }
            long deadline = System.nanoTime() + options.bootTimeout().toNanos();
            awaitHello(channel, qemu, console, run);
            timeline.mark("agent hello");
            Duration bootTime = Duration.ofNanos(System.nanoTime() - t0);
            notices.printf("mzsh: guest ready in %.1f s%n", bootTime.toMillis() / 1000.0);
            List<String> sshLogin = List.of();
            if (forward.isPresent()) {
                sshLogin = awaitSshServer(forward.get(), keys.get(), deadline, qemu, console, run);
                timeline.mark("ssh server answers");
            }
            QemuTarget target = new QemuTarget(channel,
                    new SharedDirectory(share, QemuSettings.GUEST_SHARE), new QemuVitals(qemu, console, qmp, shareWatch));
            Guest guest = new Guest(kernel, accel, qemu, channel, qmp, target, bootTime, socketDir,
                    settings.gdbSocket(), shareWatch, consoleOut);
            if (!sshLogin.isEmpty()) {
                guest.sshLogin(sshLogin.get(sshLogin.size() - 1));
            }
            return guest;
        } catch (IOException | InterruptedException | RuntimeException e) {
            boolean qemuEndedAlone = !qemu.isAlive();
            CrashEvidence.afterFailedBoot(e, options, run, kernel.release(), qemu, qmp, console, notices);
            shareWatch.close();
            qemu.close();
            if (channel != null) {
                channel.close();
            }
            if (qmp != null) {
                qmp.close();
            }
            if (forward.isPresent() && qemuEndedAlone) {
                forward.get().checkFree(); // taken after the first check, so QEMU could not forward it: exit 4
            }
            throw e;
        }
    }

    /**
     * Waits, without a time limit, while the debugger owns the guest (it may stop it
     * at breakpoints for as long as the user likes), then makes sure the CPUs run.
     * The boot timeout counts from here.
     */
    private static void awaitDebugger(QmpClient qmp, QemuProcess qemu, HaltedBoot halted, ConsoleMonitor console)
            throws IOException, InterruptedException {
        while (!halted.debuggerDone().isDone()) {
            if (!qemu.isAlive()) {
                qemu.waitFor(2, TimeUnit.SECONDS);
                throw new GuestFailedException("QEMU exited while the debugger had it: " + whyGone(qemu, console),
                        console.tail());
            }
            Thread.sleep(100);
        }
        if (!"running".equals(qmp.execute("query-status").path("status").asText())) {
            qmp.execute("cont");
        }
    }

    private void awaitHello(AgentChannel channel, QemuProcess qemu, ConsoleMonitor console, RunDirectory run)
            throws InterruptedException, IOException {
        long deadline = System.nanoTime() + options.bootTimeout().toNanos();
        while (true) {
            try {
                AgentMessage.Hello hello = channel.awaitHello(Duration.ofMillis(100));
                if (!hello.share()) {
                    throw new GuestFailedException("the guest agent started but the run directory share (9p) is not "
                            + "mounted; this kernel needs CONFIG_NET_9P_VIRTIO and CONFIG_9P_FS", console.tail());
                }
                return;
            } catch (TimeoutException e) {
                if (!qemu.isAlive()) {
                    qemu.waitFor(2, TimeUnit.SECONDS);
                    throw new GuestFailedException("the guest died during boot: " + whyGone(qemu, console),
                            console.tail());
                }
                if (console.fault().filter(f -> f.kind() == GuestFault.Kind.PANIC).isPresent()) {
                    throw new GuestFailedException("the guest kernel panicked during boot: "
                            + console.fault().get().line(), console.tail());
                }
                if (System.nanoTime() > deadline) {
                    throw new GuestFailedException("the guest did not come up within " + options.bootTimeout().toSeconds()
                            + " s (no agent hello); see " + run.consoleLog(), console.tail());
                }
            } catch (TargetGoneException e) {
                qemu.waitFor(2, TimeUnit.SECONDS);
                throw new GuestFailedException("the guest died during boot: " + whyGone(qemu, console), console.tail());
            }
        }
    }

    /** Waits (within the boot timeout) for dropbear behind the forward, then says how to log in. */
    private List<String> awaitSshServer(SshForward forward, GuestSshKeys keys, long deadline, QemuProcess qemu,
                                        ConsoleMonitor console, RunDirectory run) throws InterruptedException {
        if (!forward.awaitServer(Math.max(deadline, System.nanoTime() + 30_000_000_000L), qemu::isAlive)) {
            if (!qemu.isAlive()) {
                throw new GuestFailedException("the guest died during boot: " + whyGone(qemu, console), console.tail());
            }
            throw new GuestFailedException("the guest's SSH server gave no SSH banner on " + UserNetwork.LOOPBACK + ":"
                    + forward.port() + " within the boot timeout; see " + run.consoleLog()
                    + " (a kernel of your own needs CONFIG_VIRTIO_NET)", console.tail());
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
            return "guest kernel " + console.fault().get().kind().name().toLowerCase() + ": " + console.fault().get().line();
        }
        if (!qemu.isAlive()) {
            return "QEMU exited with status " + qemu.exitValue();
        }
        return "the guest agent stopped answering";
    }
}
