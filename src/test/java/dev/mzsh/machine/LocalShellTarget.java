package dev.mzsh.machine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A target whose shell is this host's sh: guest scripts run for real, without a guest (unit tests). */
public class LocalShellTarget extends FakeTarget {
    public LocalShellTarget() {
        super(null);
    }

    @Override
    public ExecResult exec(String script, Duration timeout, OutputStream stdout, OutputStream stderr)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", script).start();
        p.getOutputStream().close();
        Thread out = pump(p.getInputStream(), stdout);
        Thread err = pump(p.getErrorStream(), stderr);
        boolean ended = timeout.isZero() ? p.waitFor() >= 0 : p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!ended) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
        }
        out.join();
        err.join();
        return new ExecResult(p.exitValue(), !ended);
    }

    private static Thread pump(InputStream in, OutputStream to) {
        Thread t = new Thread(() -> {
            try {
                in.transferTo(to);
            } catch (IOException ignored) {
                // the sink failed: the test sees the missing bytes
            }
        });
        t.start();
        return t;
    }
}
