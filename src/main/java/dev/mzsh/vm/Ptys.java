package dev.mzsh.vm;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Starts child programs (QEMU, gdb) in a pty of their own, so they never touch mzsh's terminal. */
final class Ptys {
    private Ptys() {}

    static PtyProcess start(List<String> command, int columns, int rows) throws IOException {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("TERM", env.getOrDefault("TERM", "xterm-256color"));
        return new PtyProcessBuilder(command.toArray(String[]::new))
                .setEnvironment(env)
                .setInitialColumns(columns)
                .setInitialRows(rows)
                .setRedirectErrorStream(true)
                .start();
    }
}
