package dev.mzsh.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Readies, on a spare core while the shell starts, the code every boot runs first: the JIT's
 * SHA-256 (the initramfs cache, the snapshot key and the state digest hash megabytes; until
 * the compiler's intrinsic takes over after about 4 MB, hashing runs ~20 times slower) and
 * the JSON mapper QMP speaks (its first use loads and initialises a few hundred classes).
 * Restoring a snapshot otherwise spends half a second of a cold JVM on these.
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
            new ObjectMapper().readTree("{\"QMP\": {\"version\": {\"qemu\": {\"major\": 7}}, \"capabilities\": []}}");
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] block = new byte[64 << 10];
            for (int i = 0; i < 128; i++) { // 8 MB
                sha.update(block);
            }
            sha.digest();
        } catch (NoSuchAlgorithmException | java.io.IOException e) {
            // nothing warmed: the boot is slower, not wrong
        }
    }
}
