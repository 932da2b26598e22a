package dev.mzsh.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A fresh directory only the user can enter (mode 0700) for one QEMU's unix sockets
 * (QMP, agent, gdbstub, snapshot state): another local user can neither connect to them nor replace them.
 */
public final class PrivateSockets {
    /** sun_path holds 108 bytes; the JDK takes at most 106 of them for a path (bind and connect alike). */
    private static final int MAX_PATH = 106;
    /**
     * The longest socket name placed inside ("incoming.sock", of a restore, is 13): every
     * name is checked against it by a test, since a longer one fails to bind only when the
     * run directory's path happens to be long.
     */
    public static final int LONGEST_NAME = 16;

    private static final int LONGEST_ENTRY = "/sock-".length() + 20 + "/".length() + LONGEST_NAME;

    private PrivateSockets() {}

    /** In {@code runDir} when its path leaves room for the socket names, else in the temporary directory. */
    public static Path create(Path runDir) throws IOException {
        Path base = runDir.toAbsolutePath().toString().length() + LONGEST_ENTRY <= MAX_PATH
                ? runDir
                : Path.of(System.getProperty("java.io.tmpdir"));
        var onlyUser = PosixFilePermissions.fromString("rwx------");
        Path dir = Files.createTempDirectory(base, "sock-", PosixFilePermissions.asFileAttribute(onlyUser));
        Files.setPosixFilePermissions(dir, onlyUser);
        return dir.toAbsolutePath();
    }
}
