package dev.mzsh.machine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * A machine mzsh runs commands on: a QEMU guest it booted ({@link QemuTarget}) or a
 * machine reached over SSH ({@link SshTarget}). Every verb reaches its machine only
 * through this interface.
 */
public interface Target {
    /**
     * Runs {@code script} with the machine's {@code sh -c}, streaming its stdout and
     * stderr to the given sinks byte for byte. At the timeout (zero: none) or when the
     * calling thread is interrupted, the command's whole process group is killed; a
     * timeout is in the result, an interrupt is thrown on. A machine that stops
     * answering ends the wait with a {@link TargetGoneException}.
     */
    ExecResult exec(String script, Duration timeout, OutputStream stdout, OutputStream stderr)
            throws IOException, InterruptedException;

    /**
     * The bytes of the machine's file {@code path} as a stream (files without a size,
     * such as debugfs and /proc, included). The caller bounds how much it reads.
     */
    InputStream read(String path) throws IOException, InterruptedException;

    /** Writes {@code content} to the machine as the new file {@code path}; an existing file is never replaced. */
    void write(String path, byte[] content) throws IOException, InterruptedException;

    /** Kills the machine's process group {@code pgid} (a background reader, a command left running). */
    void kill(long pgid) throws IOException, InterruptedException;

    /** One round trip that proves the machine still serves commands; returns how long it took. */
    Duration ping(Duration limit) throws IOException, InterruptedException, TimeoutException;

    /** Whether the machine can still be reached (QEMU runs, the SSH connection is up). */
    boolean alive();

    /**
     * A fresh directory on the machine for files the host puts there (tests, helper
     * scripts); a machine that keeps nothing of mzsh's removes it when it is closed.
     */
    GuestDirectory newDirectory(String name) throws IOException, InterruptedException;

    /**
     * The host directory this machine also sees, where bulk files move at its speed,
     * or empty when there is none (over SSH, bulk data is streamed on the connection).
     */
    Optional<SharedDirectory> share();

    /** How to name this machine in messages: "the QEMU guest", "ssh://root@host:22". */
    String describe();
}
