package dev.mzsh.session;

import dev.mzsh.host.GuestKernel;
import dev.mzsh.machine.AgentChannel;
import dev.mzsh.machine.QemuTarget;
import dev.mzsh.vm.Accelerator;
import dev.mzsh.vm.GdbStub;
import dev.mzsh.vm.GuestFault;
import dev.mzsh.vm.QemuProcess;
import dev.mzsh.vm.QmpClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A booted guest: the QEMU process, its control channel, QMP, and the target commands run on. */
public final class Guest implements AutoCloseable {
    private final GuestKernel kernel;
    private final Accelerator accel;
    private final QemuProcess qemu;
    private final AgentChannel channel;
    private final QmpClient qmp;
    private final QemuTarget target;
    private final Instant bootedAt;
    private final Duration bootTime;
    private final Path socketDir;
    private volatile Path gdbSocket;
    private volatile String sshLogin;
    private volatile String origin = "cold boot";
    private final ShareWatch shareWatch;
    private final ConsoleFanOut console;

    Guest(
            GuestKernel kernel,
            Accelerator accel,
            QemuProcess qemu,
            AgentChannel channel,
            QmpClient qmp,
            QemuTarget target,
            Duration bootTime,
            Path socketDir,
            Optional<Path> gdbSocket,
            ShareWatch shareWatch,
            ConsoleFanOut console) {
        this.shareWatch = shareWatch;
        this.console = console;
        this.kernel = kernel;
        this.accel = accel;
        this.qemu = qemu;
        this.channel = channel;
        this.qmp = qmp;
        this.target = target;
        this.bootedAt = Instant.now();
        this.bootTime = bootTime;
        this.socketDir = socketDir;
        this.gdbSocket = gdbSocket.orElse(null);
    }

    /** With --ssh-port, the OpenSSH command that logs in to this guest (status shows it). */
    public Optional<String> sshLogin() {
        return Optional.ofNullable(sshLogin);
    }

    /** How this guest came up: "cold boot ...", or "restored from snapshot ..." (status shows it). */
    public String origin() {
        return origin;
    }

    void origin(String text) {
        this.origin = text;
    }

    void sshLogin(String command) {
        this.sshLogin = command;
    }

    /** The unix socket of QEMU's gdbstub, once started (at launch by gdb --wait, or by gdb). */
    public Optional<Path> gdbSocket() {
        return Optional.ofNullable(gdbSocket);
    }

    /** The guest's serial console, raw, for a front end to give the terminal to. */
    public ForegroundEndpoint console() {
        return new ConsoleEndpoint(qemu, console);
    }

    /** The QEMU process id (names per-boot files such as kallsyms-qemuPID). */
    public long qemuPid() {
        return qemu.pid();
    }

    /** The accelerator QEMU runs with, as QEMU names it (kvm, tcg). */
    public String acceleratorName() {
        return accel.qemuName();
    }

    /** Starts QEMU's gdbstub on its socket in the private socket directory the first time; returns the socket. */
    public synchronized Path startGdbStub() throws IOException {
        if (gdbSocket != null) {
            return gdbSocket;
        }
        Path socket = socketDir.resolve(GdbStub.SOCKET_NAME);
        GdbStub.startIn(qmp, socket);
        gdbSocket = socket;
        return socket;
    }

    /** Lets the guest run again if a debugger left it stopped (gdb killed, or still halted at reset). */
    public void resumeIfStopped() throws IOException {
        if (qemu.isAlive() && !"running".equals(runState())) {
            qmp.execute("cont");
        }
    }

    public GuestKernel kernel() {
        return kernel;
    }

    public Accelerator accel() {
        return accel;
    }

    public QemuTarget target() {
        return target;
    }

    public QemuProcess qemu() {
        return qemu;
    }

    public Duration bootTime() {
        return bootTime;
    }

    public Duration uptime() {
        return Duration.between(bootedAt, Instant.now());
    }

    /**
     * Waits up to {@code limit} for QEMU to end by itself (a lost channel usually means it is ending);
     * not for a guest stopped on a crash, which QEMU keeps (paused) for its dump.
     */
    public void awaitExit(Duration limit) {
        if (fault().isPresent() || "guest-panicked".equals(runState())) {
            return;
        }
        try {
            qemu.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean alive() {
        return qemu.isAlive() && channel.isOpen();
    }

    public Optional<GuestFault> fault() {
        return qemu.console().fault();
    }

    /** Writes the crashed guest's memory (QEMU still runs); ends QEMU at once when a dump may still be going. */
    void keepEvidence(CrashEvidence evidence) {
        if (evidence.collect(qemu, qmp)) {
            qemu.close();
        }
    }

    /** QEMU's run state from QMP ("running", "paused", ...), or "exited". */
    public String runState() {
        if (!qemu.isAlive()) {
            return "exited";
        }
        try {
            return qmp.execute("query-status").path("status").asText("unknown");
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** Ends QEMU: QMP quit (instant; nothing in the guest needs flushing), then signals. */
    @Override
    public void close() {
        shareWatch.close();
        try {
            if (qemu.isAlive()) {
                try {
                    qmp.send("quit");
                } catch (IOException ignored) {
                    // QMP gone: the signals below still end QEMU
                }
                try {
                    qemu.waitFor(3, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            qemu.close();
        } finally {
            try {
                channel.close();
                qmp.close();
            } catch (IOException ignored) {
                // closing sockets of an exited QEMU
            }
            deleteSockets();
        }
    }

    private void deleteSockets() {
        try {
            Files.deleteIfExists(socketDir.resolve("agent.sock"));
            Files.deleteIfExists(socketDir.resolve("qmp.sock"));
            Files.deleteIfExists(socketDir.resolve(GdbStub.SOCKET_NAME));
            Files.deleteIfExists(socketDir);
        } catch (IOException ignored) {
            // a leftover socket file is harmless
        }
    }

    /** The kernel as one line for people: release and image (the verbs see no host types). */
    public String kernelText() {
        return kernel.release() + " (" + kernel.image() + ")";
    }

    /** The fault the console watch saw, as one line for people: kind, then the kernel's line. */
    public Optional<String> faultText() {
        return fault().map(f -> f.kind() + ": " + f.line());
    }
}
