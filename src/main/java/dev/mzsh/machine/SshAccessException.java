package dev.mzsh.machine;

import java.io.IOException;

/**
 * The SSH target refused or could not be trusted: its host key is unknown or changed,
 * or no key of the user's was accepted. The message names what to do (exit status 4:
 * the host lacks a known host key or a usable key).
 */
public class SshAccessException extends IOException {
    public SshAccessException(String message) {
        super(message);
    }
}
