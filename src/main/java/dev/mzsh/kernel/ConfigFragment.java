package dev.mzsh.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A config fragment file: the options it asks for, each with its line for messages. */
public record ConfigFragment(Path file, List<Wanted> options) {
    /** One option a fragment asks for, where. */
    public record Wanted(KconfigLine setting, Path file, int line) {
        public String where() {
            return file.getFileName() + ":" + line;
        }
    }

    /** Reads {@code file}; a line that is neither a setting nor a comment is an error naming it. */
    public static ConfigFragment read(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new KernelBuildException("--config " + file + ": no such file");
        }
        List<Wanted> wanted = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            var setting = KconfigLine.parse(line);
            if (setting.isPresent()) {
                wanted.add(new Wanted(setting.get(), file, i + 1));
            } else if (!KconfigLine.isComment(line)) {
                throw new KernelBuildException(file.getFileName() + ":" + (i + 1) + ": not a config line: '"
                        + line.strip() + "' (write CONFIG_NAME=value or # CONFIG_NAME is not set)");
            }
        }
        return new ConfigFragment(file, List.copyOf(wanted));
    }
}
