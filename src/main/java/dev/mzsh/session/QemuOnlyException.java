package dev.mzsh.session;

/** A verb that needs a QEMU guest mzsh boots (gdb, console, reboot) was given an SSH target. */
public class QemuOnlyException extends RuntimeException {
    public QemuOnlyException(String target) {
        super("needs a QEMU guest that mzsh boots; this session's target is " + target
                + " (run without --target for that)");
    }
}
