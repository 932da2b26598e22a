package dev.mzsh.commands;

/** The user typed something mzsh cannot take (exit status 2). */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
