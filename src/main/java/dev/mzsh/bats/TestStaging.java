package dev.mzsh.bats;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Copies host test paths into the run directory, which the guest sees over 9p, so
 * running new tests needs no initramfs rebuild. Source n goes to
 * {@code TESTS/<n>-<name>/}: a folder whole (hidden entries such as .git left out),
 * a single file with the {@code *.bash} files beside it (what BATS's {@code load}
 * finds next to a test).
 */
public final class TestStaging {
    private TestStaging() {}

    /**
     * @param testsDir      host side, e.g. {@code RUN/bats/tests} (created)
     * @param guestTestsDir the same directory as the guest sees it
     */
    public static StagedTests stage(List<TestSource> sources, Path testsDir, String guestTestsDir) throws IOException {
        Files.createDirectories(testsDir);
        List<String> guestFiles = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        int n = 0;
        for (TestSource s : sources) {
            n++;
            String dirName = n + "-" + safe(s.folder() ? s.path().getFileName().toString() : stem(s.path()));
            Path dest = testsDir.resolve(dirName);
            Files.createDirectories(dest);
            if (s.folder()) {
                copyTree(s.path(), dest);
            } else {
                copyWithHelpers(s.path(), dest);
            }
            for (Path f : s.testFiles()) {
                String file = f.getFileName().toString();
                String guest = guestTestsDir + "/" + dirName + "/" + file;
                guestFiles.add(guest);
                names.put(guest, s.folder() ? s.display() + "/" + file : s.display());
            }
        }
        return new StagedTests(guestFiles, names);
    }

    private static void copyWithHelpers(Path file, Path dest) throws IOException {
        Files.copy(file, dest.resolve(file.getFileName().toString()), StandardCopyOption.COPY_ATTRIBUTES);
        try (Stream<Path> siblings = Files.list(file.toAbsolutePath().getParent())) {
            for (Path h : siblings.filter(p -> p.getFileName().toString().endsWith(".bash") && Files.isRegularFile(p))
                    .toList()) {
                Files.copy(h, dest.resolve(h.getFileName().toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(from) && dir.getFileName().toString().startsWith(".")) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!file.getFileName().toString().startsWith(".") && Files.isRegularFile(file)) {
                    Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static String stem(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /** A name safe in a guest shell path: letters, digits, '.', '_', '-'. */
    static String safe(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.isEmpty() ? "tests" : s;
    }
}
