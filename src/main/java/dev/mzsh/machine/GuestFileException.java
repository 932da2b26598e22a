package dev.mzsh.machine;

import java.io.IOException;

/** A guest-written file mzsh refuses to read (a link, FIFO, device, too large, too slow); the message names it. */
public class GuestFileException extends IOException {
    public GuestFileException(String message) {
        super(message);
    }
}
