package dev.mzsh.bats;

/** A test path the user gave cannot be run: it does not exist or holds no test files. */
public class TestPathException extends Exception {
    public TestPathException(String message) {
        super(message);
    }
}
