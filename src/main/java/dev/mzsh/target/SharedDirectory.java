package dev.mzsh.target;

import java.nio.file.Path;

/**
 * A host directory the target sees too (the run directory over 9p): bulk data
 * moves as files here, never through the control channel or a UART.
 *
 * @param host  the directory on the host
 * @param guest the same directory's path on the target
 */
public record SharedDirectory(Path host, String guest) {
    /** The target's path for a file under {@link #host}. */
    public String guestPath(Path hostFile) {
        Path rel = host.toAbsolutePath().normalize().relativize(hostFile.toAbsolutePath().normalize());
        if (rel.startsWith("..")) {
            throw new IllegalArgumentException(hostFile + " is not inside the shared directory " + host);
        }
        return rel.toString().isEmpty() ? guest : guest + "/" + rel;
    }
}
