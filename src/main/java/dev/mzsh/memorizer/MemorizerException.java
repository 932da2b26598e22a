package dev.mzsh.memorizer;

/** A Memorizer operation failed in the guest (exit status 1); the message is one line for the user. */
public class MemorizerException extends RuntimeException {
    public MemorizerException(String message) {
        super(message);
    }
}
