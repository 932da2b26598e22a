package dev.mzsh.kmap;

/** Thrown by {@link LineDecoder} for a line that does not fit the format; cheap (no stack trace). */
final class BadLine extends Exception {
    BadLine(String problem) {
        super(problem, null, false, false);
    }
}
