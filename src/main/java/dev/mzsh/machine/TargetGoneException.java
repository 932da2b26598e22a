package dev.mzsh.machine;

import java.io.IOException;

/** The machine stopped answering: its channel closed (QEMU exited, the guest died). */
public class TargetGoneException extends IOException {
    public TargetGoneException(String message) {
        super(message);
    }
}
