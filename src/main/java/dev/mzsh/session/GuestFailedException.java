package dev.mzsh.session;

import java.util.List;

/** The guest panicked, oopsed, hung or died: exit status 3, with the console lines that show it. */
public class GuestFailedException extends RuntimeException {
    private final List<String> consoleTail;

    public GuestFailedException(String message, List<String> consoleTail) {
        super(message);
        this.consoleTail = List.copyOf(consoleTail);
    }

    public List<String> consoleTail() {
        return consoleTail;
    }
}
