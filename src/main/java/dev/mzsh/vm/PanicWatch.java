package dev.mzsh.vm;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one thing read from the serial console: signs that the guest kernel failed.
 * Everything else the console shows is for people.
 *
 * <p>Only a line that starts (after printk's level, time and caller prefixes) the way the
 * kernel starts its reports counts, so a program that merely prints "BUG:" mid-line does
 * not end the session.
 */
public final class PanicWatch {
    /** {@code <3>}, {@code [   12.345678]} and {@code [    T1]} / {@code [   C0]}, each optional. */
    private static final Pattern PRINTK_PREFIX =
            Pattern.compile("^(?:<\\d+>)?\\s*(?:\\[\\s*\\d+\\.\\d+\\]\\s*)?(?:\\[\\s*[TC]\\d+\\]\\s*)?");

    private static final Pattern MID_LINE_STAMP =
            Pattern.compile("\\[\\s*\\d+\\.\\d+\\]\\s*(?:\\[\\s*[TC]\\d+\\]\\s*)?");
    /** x86's die() header: "Oops: 0002 [#1]", "general protection fault, ...: 0000 [#1]", "invalid opcode: 0000 [#1]". */
    private static final Pattern DIE_HEADER = Pattern.compile("^[^\\[]+: [0-9a-f]{4} \\[#\\d+\\]");

    private PanicWatch() {}

    public static Optional<GuestFault.Kind> classify(String line) {
        Optional<GuestFault.Kind> atStart =
                classifyMessage(PRINTK_PREFIX.matcher(line).replaceFirst(""));
        if (atStart.isPresent()) {
            return atStart;
        }
        // A program's output without a newline runs into the kernel's next record on the
        // serial console: a report can also begin right after a printk time stamp mid-line.
        Matcher stamp = MID_LINE_STAMP.matcher(line);
        while (stamp.find()) {
            Optional<GuestFault.Kind> k = classifyMessage(line.substring(stamp.end()));
            if (k.isPresent()) {
                return k;
            }
        }
        return Optional.empty();
    }

    private static Optional<GuestFault.Kind> classifyMessage(String message) {
        if (message.startsWith("Kernel panic - not syncing")) {
            return Optional.of(GuestFault.Kind.PANIC);
        }
        if (message.startsWith("Oops: ") || DIE_HEADER.matcher(message).find()) {
            return Optional.of(GuestFault.Kind.OOPS);
        }
        // newer lockup detectors prefix their reports: "watchdog: BUG: soft lockup - CPU#0 stuck for 45s! [insmod:93]"
        String m = message.startsWith("watchdog: ") ? message.substring("watchdog: ".length()) : message;
        if (m.startsWith("BUG: soft lockup") || m.startsWith("Watchdog detected hard LOCKUP")) {
            return Optional.of(GuestFault.Kind.LOCKUP);
        }
        if (message.startsWith("BUG: ") || message.startsWith("kernel BUG at ")) {
            return Optional.of(GuestFault.Kind.BUG);
        }
        return Optional.empty();
    }
}
