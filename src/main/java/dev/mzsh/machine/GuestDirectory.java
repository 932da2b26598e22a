package dev.mzsh.machine;

import java.io.IOException;
import java.nio.file.Path;

/** A directory on the machine that the host fills (see {@link Target#newDirectory}). */
public interface GuestDirectory extends AutoCloseable {
    /** Its path as the machine sees it. */
    String path();

    /** Copies the host tree {@code hostDir} to {@code path()/name} (regular files and directories only). */
    void upload(Path hostDir, String name) throws IOException, InterruptedException;

    /** Writes a new file {@code path()/name}, executable when asked (a script the machine runs). */
    void write(String name, byte[] content, boolean executable) throws IOException, InterruptedException;

    /** Removes the directory where the machine would otherwise keep it. */
    @Override
    void close() throws IOException;
}
