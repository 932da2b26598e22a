package dev.mzsh.kernel;

/** A kernel build that cannot go on or failed; the message is one line saying what to do (exit 1). */
public class KernelBuildException extends RuntimeException {
    public KernelBuildException(String message) {
        super(message);
    }
}
