package dev.mzsh.bats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Expands the test paths given to run-bats on the host. {@code bats DIR} only runs
 * {@code DIR/*.bats}, and upstream Memorizer names its files {@code *.bat}, so
 * folders are listed here (top level, like bats without -r, sorted by name) and
 * the files are passed to bats one by one.
 */
public final class TestSelection {
    private TestSelection() {}

    public static boolean isTestFile(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".bats") || n.endsWith(".bat");
    }

    public static List<TestSource> expand(List<String> paths, Path cwd) throws TestPathException {
        List<TestSource> sources = new ArrayList<>();
        for (String given : paths) {
            sources.add(expand(given, cwd));
        }
        return sources;
    }

    static TestSource expand(String given, Path cwd) throws TestPathException {
        Path p = cwd.resolve(given).toAbsolutePath().normalize();
        String display = given.length() > 1 && given.endsWith("/") ? given.replaceAll("/+$", "") : given;
        if (Files.isDirectory(p)) {
            List<Path> tests;
            try (Stream<Path> s = Files.list(p)) {
                tests = s.filter(f -> isTestFile(f) && Files.isRegularFile(f))
                        .sorted(Comparator.comparing(f -> f.getFileName().toString()))
                        .toList();
            } catch (IOException e) {
                throw new TestPathException("cannot list " + given + ": " + e.getMessage());
            }
            if (tests.isEmpty()) {
                throw new TestPathException(given + " holds no test files (*.bats or *.bat)");
            }
            return new TestSource(p, true, tests, display);
        }
        if (Files.isRegularFile(p)) {
            if (!isTestFile(p)) {
                throw new TestPathException(given + " is not a test file (the name must end in .bats or .bat)");
            }
            if (!Files.isReadable(p)) {
                throw new TestPathException(given + " is not readable");
            }
            return new TestSource(p, false, List.of(p), display);
        }
        throw new TestPathException("no such test file or folder: " + given);
    }
}
