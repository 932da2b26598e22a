package dev.mzsh.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The symbols a source tree's Kconfig files define: tells "not in this tree" from "dependencies off". */
public final class KconfigSymbols {
    private static final Pattern DEFINITION =
            Pattern.compile("^\\s*(?:menu)?config\\s+([A-Za-z0-9_]+)\\s*$", Pattern.MULTILINE);

    private final Set<String> defined;

    private KconfigSymbols(Set<String> defined) {
        this.defined = defined;
    }

    public static KconfigSymbols of(Path sourceTree) throws IOException {
        Set<String> defined = new HashSet<>();
        try (Stream<Path> files = Files.walk(sourceTree)) {
            files.filter(p -> p.getFileName().toString().startsWith("Kconfig") && Files.isRegularFile(p))
                    .forEach(p -> {
                        try {
                            Matcher m = DEFINITION.matcher(Files.readString(p, StandardCharsets.ISO_8859_1));
                            while (m.find()) {
                                defined.add(m.group(1));
                            }
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new KconfigSymbols(defined);
    }

    public boolean defines(String name) {
        return defined.contains(name);
    }
}
