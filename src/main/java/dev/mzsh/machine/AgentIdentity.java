package dev.mzsh.machine;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * One key an ssh-agent holds.
 *
 * @param blob    the public key in SSH wire form (its first string is the key type)
 * @param comment what ssh-add recorded, usually the key file's name
 */
public record AgentIdentity(byte[] blob, String comment) {
    private static final String RSA = "ssh-rsa";
    private static final String RSA_CERT = "ssh-rsa-cert-v01@openssh.com";
    /** The agent protocol's flag for an RSA signature with SHA-256 (servers refuse SHA-1 ones). */
    private static final int RSA_SHA2_256 = 2;

    /** The key type the blob names, e.g. ssh-ed25519. */
    public String keyType() {
        ByteBuffer b = ByteBuffer.wrap(blob);
        if (b.remaining() < 4) {
            return "";
        }
        int n = b.getInt();
        if (n < 0 || n > b.remaining()) {
            return "";
        }
        return new String(blob, 4, n, StandardCharsets.US_ASCII);
    }

    /** The public-key algorithm to name in the request: RSA keys sign with SHA-256, others as their type. */
    public String algorithm() {
        return switch (keyType()) {
            case RSA -> "rsa-sha2-256";
            case RSA_CERT -> "rsa-sha2-256-cert-v01@openssh.com";
            default -> keyType();
        };
    }

    int signFlags() {
        String t = keyType();
        return t.equals(RSA) || t.equals(RSA_CERT) ? RSA_SHA2_256 : 0;
    }

    /** As ssh-keygen -l prints it: SHA256:base64 without padding. */
    public String fingerprint() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return keyType() + " " + fingerprint() + (comment.isEmpty() ? "" : " (" + comment + ")");
    }
}
