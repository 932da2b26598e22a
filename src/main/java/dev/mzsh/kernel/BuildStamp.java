package dev.mzsh.kernel;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * What the last successful build in a directory was made from, and how many
 * files it compiled (the next progress bar's estimate). Written only after a
 * build succeeded, removed when one starts, so a half-built directory is never
 * taken as done.
 */
public record BuildStamp(String fingerprint, int filesCompiled) {
    static final String FILE = ".mzsh-build";

    public static Optional<BuildStamp> read(Path out) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(out.resolve(FILE), StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        String fp = p.getProperty("fingerprint");
        if (fp == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BuildStamp(fp, Integer.parseInt(p.getProperty("files", "0"))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public void write(Path out) throws IOException {
        Properties p = new Properties();
        p.setProperty("fingerprint", fingerprint);
        p.setProperty("files", Integer.toString(filesCompiled));
        Path tmp = out.resolve(FILE + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "mzsh kernel build: the inputs of the build in this directory");
        }
        Files.move(tmp, out.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    public static void remove(Path out) throws IOException {
        Files.deleteIfExists(out.resolve(FILE));
    }
}
