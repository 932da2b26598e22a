package dev.mzsh.bats;

import java.util.List;
import java.util.Map;

/**
 * Test files copied into the run directory.
 *
 * @param guestFiles   the test files as the guest sees them, in run order
 * @param displayNames guest path -> the name to report (the host path as the user gave it)
 */
public record StagedTests(List<String> guestFiles, Map<String, String> displayNames) {
    public StagedTests {
        guestFiles = List.copyOf(guestFiles);
        displayNames = Map.copyOf(displayNames);
    }

    /** The report name of a file BATS names (a guest path); unknown paths stay as they are. */
    public String displayName(String guestPath) {
        return displayNames.getOrDefault(guestPath, guestPath);
    }
}
