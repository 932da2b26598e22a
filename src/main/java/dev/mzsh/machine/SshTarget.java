package dev.mzsh.machine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;
import net.schmizz.sshj.sftp.FileAttributes;
import net.schmizz.sshj.sftp.OpenMode;
import net.schmizz.sshj.sftp.RemoteFile;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.transport.TransportException;

/**
 * A machine reached over SSH (sshj): each command is its own exec channel, files
 * move over SFTP, bulk data (kmaps) streams on the command's stdout. Commands run
 * under the shell sshd started for the channel, which sshd made a session and
 * process group leader: its pid is the group every process of the command is in,
 * so a timeout or a cancel kills the whole group from a second channel. A lost
 * connection (keep-alives every 5 s) ends the wait with a {@link TargetGoneException}.
 */
public final class SshTarget implements Target, AutoCloseable {
    private static final String PGID_MARK = "mzsh-pgid ";

    private final SSHClient ssh;
    private final SshAddress address;
    private SFTPClient sftp;
    /** Process groups of commands running now: closing the target (Ctrl-C of the JVM) kills them. */
    private final Set<GroupMark> running = ConcurrentHashMap.newKeySet();

    private SshTarget(SSHClient ssh, SshAddress address) {
        this.ssh = ssh;
        this.address = address;
    }

    /**
     * Connects and authenticates. Host key unknown (without accept-new) or changed, or
     * no key accepted: an {@link SshAccessException} naming the fix; server unreachable:
     * a {@link TargetGoneException}.
     */
    public static SshTarget connect(SshSettings s, PrintStream notices) throws IOException {
        DefaultConfig config = new DefaultConfig();
        config.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
        SSHClient ssh = new SSHClient(config);
        SshAddress a = s.address();
        HostKeyCheck check = new HostKeyCheck(a, s.knownHosts(), s.acceptNewHostKey());
        ssh.addHostKeyVerifier(check);
        ssh.setConnectTimeout(30_000);
        boolean ok = false;
        try {
            try {
                ssh.connect(a.host(), a.port());
            } catch (TransportException e) {
                if (check.refusal() != null) {
                    throw new SshAccessException(check.refusal());
                }
                throw new TargetGoneException("cannot connect to " + a + ": " + e.getMessage());
            } catch (IOException e) {
                throw new TargetGoneException("cannot connect to " + a + ": " + e.getMessage());
            }
            if (check.accepted() != null) {
                notices.println("mzsh: recorded the new host key " + check.accepted() + " in " + s.knownHosts());
            }
            ssh.getConnection().getKeepAlive().setKeepAliveInterval(5);
            try (SshLogin login = SshLogin.prepare(ssh, s, notices)) {
                login.authenticate(ssh, a);
            }
            ok = true;
            return new SshTarget(ssh, a);
        } finally {
            if (!ok) {
                ssh.close();
            }
        }
    }

    @Override
    public ExecResult exec(String script, Duration timeout, OutputStream stdout, OutputStream stderr)
            throws IOException, InterruptedException {
        return run(script, null, timeout, stdout, stderr);
    }

    /** exec with {@code input} (or nothing) on the command's stdin. */
    private ExecResult run(String script, byte[] input, Duration timeout, OutputStream stdout, OutputStream stderr)
            throws IOException, InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Session session;
        Session.Command cmd;
        try {
            session = ssh.startSession();
            // $$ is the group leader sshd made; the command runs in a fresh sh -c in the same group.
            cmd = session.exec("printf '" + PGID_MARK + "%s\\n' \"$$\" >&2; exec sh -c " + GuestScript.quote(script));
        } catch (IOException e) {
            throw gone(e);
        }
        GroupMark mark = new GroupMark(stderr);
        running.add(mark);
        try (session) {
            Copier out = new Copier(cmd.getInputStream(), stdout, "mzsh-ssh-out");
            Copier err = new Copier(cmd.getErrorStream(), mark, "mzsh-ssh-err");
            try (OutputStream in = cmd.getOutputStream()) {
                if (input != null) {
                    in.write(input);
                }
            } catch (IOException e) {
                throw gone(e);
            }
            ExecDeadline deadline = new ExecDeadline(timeout, () -> killGroup(mark.pgid()), address.toString());
            try {
                while (out.isAlive() || err.isAlive()) {
                    out.join(50);
                    err.join(1);
                    if (!ssh.isConnected()) {
                        throw new TargetGoneException("the SSH connection to " + address + " dropped");
                    }
                    deadline.check();
                }
            } catch (InterruptedException e) {
                killGroup(mark.pgid());
                throw e;
            }
            out.rethrow();
            err.rethrow();
            try {
                cmd.join(ExecDeadline.KILL_GRACE.toSeconds(), TimeUnit.SECONDS);
            } catch (IOException e) {
                throw gone(e);
            }
            Integer status = cmd.getExitStatus();
            Signal signal = cmd.getExitSignal();
            if (status == null && signal == null) {
                throw new TargetGoneException(
                        "the SSH connection to " + address + " dropped before the command's" + " exit status arrived");
            }
            return new ExecResult(status != null ? status : 128 + signalNumber(signal), deadline.timedOut());
        } finally {
            running.remove(mark);
        }
    }

    private TargetGoneException gone(IOException e) {
        return new TargetGoneException("the SSH connection to " + address + " dropped (" + e.getMessage() + ")");
    }

    /** Kills the command's process group from a second channel; the command's channel then closes by itself. */
    private void killGroup(long pgid) {
        if (pgid <= 1) {
            return;
        }
        try {
            kill(pgid);
        } catch (IOException e) {
            // the connection is gone: so is the command's channel
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int signalNumber(Signal s) {
        return switch (s) {
            case HUP -> 1;
            case INT -> 2;
            case QUIT -> 3;
            case ILL -> 4;
            case ABRT -> 6;
            case FPE -> 8;
            case KILL -> 9;
            case USR1 -> 10;
            case SEGV -> 11;
            case USR2 -> 12;
            case PIPE -> 13;
            case ALRM -> 14;
            default -> 15;
        };
    }

    @Override
    public InputStream read(String path) throws IOException {
        return ExecStream.cat(this, path);
    }

    @Override
    public synchronized void write(String path, byte[] content) throws IOException, InterruptedException {
        write(path, content, 0644);
    }

    /** A new remote file (never replacing one): over SFTP, or the remote shell when it has no SFTP server. */
    synchronized void write(String path, byte[] content, int mode) throws IOException, InterruptedException {
        Optional<SFTPClient> s = sftp();
        if (s.isPresent()) {
            try (RemoteFile f = s.get()
                    .open(
                            path,
                            EnumSet.of(OpenMode.WRITE, OpenMode.CREAT, OpenMode.EXCL),
                            new FileAttributes.Builder().withPermissions(mode).build())) {
                f.write(0, content, 0, content.length);
            }
            return;
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ExecResult r = run(
                new GuestScript()
                        .line("set -C; cat > %s && chmod " + Integer.toOctalString(mode) + " %s", path, path)
                        .text(),
                content,
                Duration.ofMinutes(5),
                OutputStream.nullOutputStream(),
                err);
        if (!r.ok()) {
            throw new IOException("cannot write " + path + " on " + address + ": "
                    + err.toString(StandardCharsets.UTF_8).strip());
        }
    }

    /** The SFTP session, opened on first use; empty when the server has no SFTP subsystem (dropbear alone). */
    private Optional<SFTPClient> sftp() {
        if (sftp == null) {
            try {
                sftp = ssh.newSFTPClient();
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return Optional.of(sftp);
    }

    synchronized void mkdir(String path) throws IOException, InterruptedException {
        Optional<SFTPClient> s = sftp();
        if (s.isPresent()) {
            s.get().mkdir(path);
            return;
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ExecResult r = exec(
                new GuestScript().line("mkdir %s", path).text(),
                Duration.ofMinutes(1),
                OutputStream.nullOutputStream(),
                err);
        if (!r.ok()) {
            throw new IOException("cannot create " + path + " on " + address + ": "
                    + err.toString(StandardCharsets.UTF_8).strip());
        }
    }

    @Override
    public void kill(long pgid) throws IOException, InterruptedException {
        String g = Long.toString(pgid);
        // "kill -KILL -PGID": dash and BusyBox take no "--" before a negative pid
        exec(
                "kill -KILL -" + g + " 2>/dev/null || kill -KILL " + g + " 2>/dev/null; exit 0",
                ExecDeadline.KILL_GRACE,
                OutputStream.nullOutputStream(),
                OutputStream.nullOutputStream());
    }

    @Override
    public Duration ping(Duration limit) throws IOException, InterruptedException, TimeoutException {
        long t0 = System.nanoTime();
        ExecResult r = exec("true", limit, OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
        if (r.timedOut()) {
            throw new TimeoutException();
        }
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    @Override
    public boolean alive() {
        return ssh.isConnected() && ssh.isAuthenticated();
    }

    /** A fresh {@code mktemp -d} directory, removed with everything in it when closed. */
    @Override
    public GuestDirectory newDirectory(String name) throws IOException, InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ExecResult r = exec(
                new GuestScript()
                        .line("mktemp -d \"${TMPDIR:-/tmp}\"/%s", "mzsh-" + name + ".XXXXXXXX")
                        .text(),
                Duration.ofMinutes(1),
                out,
                err);
        String path = out.toString(StandardCharsets.UTF_8).strip();
        if (!r.ok() || !path.matches("/[^\\n]+")) {
            throw new IOException("cannot create a temporary directory on " + address + ": "
                    + err.toString(StandardCharsets.UTF_8).strip());
        }
        return new RemoteDirectory(this, path);
    }

    @Override
    public Optional<SharedDirectory> share() {
        return Optional.empty();
    }

    @Override
    public String describe() {
        return address.toString();
    }

    public SshAddress address() {
        return address;
    }

    /** Kills what still runs (the remote is left as it was found), then disconnects. */
    @Override
    public synchronized void close() {
        for (GroupMark m : running) {
            killGroup(m.pgid());
        }
        try {
            if (sftp != null) {
                sftp.close();
            }
            ssh.close();
        } catch (IOException ignored) {
            // disconnecting from a server that is gone
        }
    }

    /** Copies one channel stream to its sink on its own thread; keeps the first failure. */
    private static final class Copier extends Thread {
        private final InputStream from;
        private final OutputStream to;
        private volatile IOException failure;
        private volatile boolean sinkFailed;

        Copier(InputStream from, OutputStream to, String name) {
            super(name);
            this.from = from;
            this.to = to;
            setDaemon(true);
            start();
        }

        @Override
        public void run() {
            byte[] buf = new byte[1 << 16];
            try {
                for (int n; (n = from.read(buf)) > 0; ) {
                    try {
                        to.write(buf, 0, n);
                        to.flush();
                    } catch (IOException e) {
                        sinkFailed = true;
                        throw e;
                    }
                }
            } catch (IOException e) {
                failure = e;
            }
        }

        void rethrow() throws IOException {
            IOException e = failure;
            if (e == null) {
                return;
            }
            if (sinkFailed) {
                throw e instanceof InterruptedIOException ? e : new IOException(e.getMessage(), e);
            }
            throw new TargetGoneException(
                    "the SSH connection dropped while reading a command's output (" + e.getMessage() + ")");
        }
    }

    /** The command's stderr without the first line, which names its process group. */
    private static final class GroupMark extends OutputStream {
        private final OutputStream to;
        private final ByteArrayOutputStream head = new ByteArrayOutputStream();
        private volatile long pgid = -1;
        private boolean passing;

        GroupMark(OutputStream to) {
            this.to = to;
        }

        long pgid() {
            return pgid;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (passing) {
                to.write(b, off, len);
                return;
            }
            for (int i = 0; i < len; i++) {
                if (b[off + i] == '\n') {
                    head.write(b, off, i);
                    String line = head.toString(StandardCharsets.US_ASCII);
                    passing = true;
                    if (line.startsWith(PGID_MARK)
                            && line.substring(PGID_MARK.length()).matches("[0-9]{1,10}")) {
                        pgid = Long.parseLong(line.substring(PGID_MARK.length()));
                    } else {
                        head.write('\n'); // not the mark (an odd login shell): pass it on unchanged
                        to.write(head.toByteArray());
                    }
                    to.write(b, off + i + 1, len - i - 1);
                    return;
                }
            }
            head.write(b, off, len);
            if (head.size() > 4096) {
                passing = true;
                to.write(head.toByteArray());
            }
        }

        @Override
        public void flush() throws IOException {
            to.flush();
        }
    }
}
