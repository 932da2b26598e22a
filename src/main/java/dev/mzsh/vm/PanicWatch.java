package dev.mzsh.vm;

import java.util.Optional;

/**
 * The one thing read from the serial console: signs that the guest kernel failed.
 * Everything else the console shows is for people.
 */
public final class PanicWatch {
    private PanicWatch() {}

    public static Optional<GuestFault.Kind> classify(String line) {
        if (line.contains("Kernel panic - not syncing") || line.contains("Kernel panic")) {
            return Optional.of(GuestFault.Kind.PANIC);
        }
        if (line.contains("Oops:") || line.matches(".*\\bOops\\b.*")) {
            return Optional.of(GuestFault.Kind.OOPS);
        }
        if (line.contains("BUG:")) {
            return Optional.of(GuestFault.Kind.BUG);
        }
        return Optional.empty();
    }
}
