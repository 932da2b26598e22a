package dev.mzsh.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The one line that makes a guest this run's, sent to the guest init at its ready point
 * (initramfs-root/init): the host's clock, fresh randomness for the guest's pool and, with
 * --ssh-port, this run's SSH host key and root's authorized key. The same after a cold
 * boot and after a restore, so nothing of it is ever in a snapshot.
 */
final class Personalisation {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Personalisation() {}

    static String line(Optional<GuestSshKeys> keys) throws IOException {
        byte[] seed = new byte[32];
        RANDOM.nextBytes(seed);
        // Rounded to the nearest second: BusyBox date takes whole seconds.
        long now = (Instant.now().toEpochMilli() + 500) / 1000;
        StringBuilder b = new StringBuilder("time=")
                .append(now)
                .append(" seed=")
                .append(HexFormat.of().formatHex(seed));
        if (keys.isPresent()) {
            Base64.Encoder enc = Base64.getEncoder();
            b.append(" hostkey=")
                    .append(enc.encodeToString(Files.readAllBytes(keys.get().hostKey())));
            b.append(" authkey=")
                    .append(enc.encodeToString((keys.get().clientPublic() + "\n").getBytes(StandardCharsets.UTF_8)));
        }
        return b.toString();
    }
}
