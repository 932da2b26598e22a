package dev.mzsh.bats;

import java.nio.file.Path;
import java.util.List;

/**
 * One test path the user gave, expanded on the host.
 *
 * @param path      the file or folder (absolute)
 * @param folder    whether it is a folder (copied whole, so helpers and fixtures come along)
 * @param testFiles the test files to run, in a stable order (file names sorted within a folder)
 * @param display   the path as the user wrote it, for reports
 */
public record TestSource(Path path, boolean folder, List<Path> testFiles, String display) {
    public TestSource {
        testFiles = List.copyOf(testFiles);
    }
}
