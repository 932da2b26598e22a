package dev.mzsh.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A resolved .config: the value of every symbol it mentions. */
public final class KernelConfig {
    private final Map<String, String> values;

    private KernelConfig(Map<String, String> values) {
        this.values = values;
    }

    public static KernelConfig read(Path dotConfig) throws IOException {
        Map<String, String> values = new HashMap<>();
        for (String line : Files.readAllLines(dotConfig, StandardCharsets.UTF_8)) {
            KconfigLine.parse(line).ifPresent(s -> values.put(s.name(), s.value()));
        }
        return new KernelConfig(values);
    }

    /** The symbol's value; empty when the .config does not mention it (off, or not in the tree). */
    public Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public boolean enabled(String name) {
        return value(name).filter(v -> v.equals("y") || v.equals("m")).isPresent();
    }
}
