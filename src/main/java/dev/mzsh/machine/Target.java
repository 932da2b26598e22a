package dev.mzsh.machine;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;

/** A machine mzsh runs commands on. */
public interface Target {
    /**
     * Runs {@code command} with the machine's {@code sh -c}, streaming its stdout and
     * stderr to the given sinks byte for byte. At the timeout the command's whole
     * process group is killed and the result says so.
     */
    ExecResult exec(String command, Duration timeout, OutputStream stdout, OutputStream stderr)
            throws IOException, InterruptedException;

    /** The directory shared with this machine, where files move in bulk. */
    SharedDirectory share();
}
