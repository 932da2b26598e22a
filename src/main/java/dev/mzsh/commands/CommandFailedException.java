package dev.mzsh.commands;

/** A command ran and failed (exit status 1), e.g. a guest command with a non-zero status. */
public class CommandFailedException extends RuntimeException {
    public CommandFailedException(String message) {
        super(message);
    }
}
