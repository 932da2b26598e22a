package dev.mzsh.initramfs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shared libraries (and the dynamic loader) a host executable needs at run time, as the
 * host's {@code ldd} resolves them: the guest gets each one at the same path, so the
 * binary runs there unchanged. Only host binaries mzsh chose are asked, never guest files.
 */
public final class SharedLibraries {
    // "libz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x...)" or "/lib64/ld-linux-x86-64.so.2 (0x...)"
    private static final Pattern RESOLVED =
            Pattern.compile("^\\s*(?:\\S+\\s+=>\\s+)?(/\\S+)\\s+\\(0x[0-9a-f]+\\)\\s*$");
    private static final Pattern MISSING = Pattern.compile("^\\s*(\\S+)\\s+=>\\s+not found\\s*$");

    private SharedLibraries() {}

    /** The absolute library paths {@code elf} loads, in ldd's order; empty for a static executable. */
    public static List<Path> of(Path elf) throws IOException {
        Process p = new ProcessBuilder("ldd", elf.toString())
                .redirectErrorStream(true)
                .start();
        String text;
        try (InputStream in = p.getInputStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int rc;
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("ldd " + elf + " did not finish");
            }
            rc = p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return parse(elf, text, rc);
    }

    static List<Path> parse(Path elf, String lddOutput, int rc) throws IOException {
        if (lddOutput.contains("not a dynamic executable") || lddOutput.contains("statically linked")) {
            return List.of();
        }
        List<Path> libs = new ArrayList<>();
        for (String line : lddOutput.split("\n")) {
            Matcher missing = MISSING.matcher(line);
            if (missing.matches()) {
                throw new IOException(elf + " needs " + missing.group(1) + ", which the host does not have");
            }
            Matcher m = RESOLVED.matcher(line);
            if (m.matches()) {
                libs.add(Path.of(m.group(1)));
            }
        }
        if (rc != 0 || libs.isEmpty()) {
            throw new IOException("ldd cannot list the libraries of " + elf + ": " + lddOutput.strip());
        }
        return libs;
    }

    /** Each library at its path in the guest; its bytes from the file the path leads to on the host. */
    static void addTo(ArchiveLayout layout, List<Path> libs) throws IOException {
        for (Path lib : libs) {
            layout.file(lib.toString(), lib.toRealPath(), 0755);
        }
    }
}
