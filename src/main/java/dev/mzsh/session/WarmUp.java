package dev.mzsh.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Readies, on a spare core while the shell starts, the JSON mapper QMP speaks: its first use
 * loads and initialises a few hundred classes, which a restore otherwise waits for. (It used
 * to warm SHA-256 too; the restore path no longer hashes megabytes, and on a busy host that
 * warm-up took CPU from QEMU's own start.)
 */
public final class WarmUp {
    private static volatile boolean started;

    private WarmUp() {}

    /** Starts warming up once; returns at once. */
    public static synchronized void begin() {
        if (started) {
            return;
        }
        started = true;
        Thread t = new Thread(WarmUp::run, "mzsh-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    private static void run() {
        try {
            ObjectMapper json = new ObjectMapper();
            json.readTree("{\"QMP\": {\"version\": {\"qemu\": {\"major\": 7}}, \"capabilities\": []}}");
            json.writeValueAsString(json.createObjectNode().put("execute", "qmp_capabilities"));
        } catch (IOException e) {
            // nothing warmed: the boot is slower, not wrong
        }
    }
}
