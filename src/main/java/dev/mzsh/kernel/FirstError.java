package dev.mzsh.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Finds the first real error in a build log: the compiler's or kconfig's FILE:LINE one, else make's. */
public final class FirstError {
    /** gcc "f.c:12:5: error: ...", "f.c:12: fatal error: ...", kconfig "init/Kconfig:5: syntax error". */
    private static final Pattern LOCATED =
            Pattern.compile("^(\\S+?):(\\d+):(?:(\\d+):)?\\s*((?:fatal )?error\\b.*|syntax error.*)$");

    private static final Pattern MAKE = Pattern.compile("^make(?:\\[\\d+\\])?: \\*\\*\\* (.*)$");

    private FirstError() {}

    /** The error line with its location, made relative to {@code source} when it lies in it. */
    public static Optional<String> in(List<String> lines, Path source) {
        String prefix = source.toAbsolutePath().normalize() + "/";
        for (String line : lines) {
            Matcher m = LOCATED.matcher(line.strip());
            if (m.matches()) {
                String file = m.group(1).startsWith(prefix) ? m.group(1).substring(prefix.length()) : m.group(1);
                return Optional.of(
                        file + ":" + m.group(2) + (m.group(3) != null ? ":" + m.group(3) : "") + ": " + m.group(4));
            }
        }
        for (String line : lines) {
            Matcher m = MAKE.matcher(line.strip());
            if (m.matches()) {
                return Optional.of("make: " + m.group(1));
            }
        }
        return Optional.empty();
    }

    public static Optional<String> inLog(Path log, Path source) throws IOException {
        try (Stream<String> s = Files.lines(log, StandardCharsets.ISO_8859_1)) {
            return in(s.toList(), source);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
