package dev.mzsh.session;

import dev.mzsh.machine.ExecResult;
import dev.mzsh.machine.SshSettings;
import dev.mzsh.machine.SshTarget;
import dev.mzsh.machine.TargetGoneException;
import dev.mzsh.memorizer.Memorizer;
import dev.mzsh.memorizer.MemorizerException;
import dev.mzsh.memorizer.NoMemorizerException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The machine of a session run with {@code --target ssh://...}: connected on first
 * need, its kernel release and Memorizer discovered once per connection, and
 * disconnected (never powered off: mzsh did not start it) at the end.
 */
final class RemoteMachine {
    private final SshSettings settings;
    private final PrintStream notices;
    private volatile SshTarget target;
    private volatile String release;
    private volatile Instant connectedAt;
    private volatile Memorizer memorizer;
    private volatile RuntimeException noMemorizer;

    RemoteMachine(SshSettings settings, PrintStream notices) {
        this.settings = settings;
        this.notices = notices;
        // Ctrl-C of a batch run ends the JVM: commands still running on the remote are killed first.
        Thread hook = new Thread(
                () -> {
                    SshTarget t = target;
                    if (t != null) {
                        t.close();
                    }
                },
                "mzsh-ssh-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The connection, made (with discovery) when there is none; a dropped one is reported, not silently redone. */
    synchronized SshTarget target() throws IOException, InterruptedException {
        if (target != null && !target.alive()) {
            SshTarget lost = target;
            stop();
            lost.close();
            throw new TargetGoneException("the SSH connection to " + settings.address() + " dropped");
        }
        if (target == null) {
            SshTarget t = SshTarget.connect(settings, notices);
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ExecResult r = t.exec("uname -r", Duration.ofSeconds(60), out, OutputStream.nullOutputStream());
                String rel = out.toString(StandardCharsets.UTF_8).strip();
                release = r.ok() && rel.matches("[\\x21-\\x7e]{1,200}") ? rel : "unknown";
                try {
                    memorizer = Memorizer.discover(t, release);
                    noMemorizer = null;
                } catch (NoMemorizerException | MemorizerException e) {
                    memorizer = null;
                    noMemorizer = e;
                }
            } catch (IOException | InterruptedException | RuntimeException e) {
                t.close();
                throw e;
            }
            connectedAt = Instant.now();
            target = t;
        }
        return target;
    }

    Memorizer memorizer() throws IOException, InterruptedException {
        target();
        if (memorizer == null) {
            throw noMemorizer;
        }
        return memorizer;
    }

    Optional<Memorizer> knownMemorizer() {
        return target == null ? Optional.empty() : Optional.ofNullable(memorizer);
    }

    Optional<SshTarget> current() {
        return Optional.ofNullable(target);
    }

    String release() {
        return release;
    }

    Duration connected() {
        return connectedAt == null ? Duration.ZERO : Duration.between(connectedAt, Instant.now());
    }

    String describe() {
        return settings.address().toString();
    }

    synchronized boolean stop() {
        SshTarget t = target;
        target = null;
        memorizer = null;
        if (t != null) {
            t.close();
        }
        return t != null;
    }
}
