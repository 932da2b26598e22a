package dev.mzsh.kmap;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Source lines ({@code fs/read_write.c:451}) of code addresses, from a vmlinux's DWARF through
 * binutils' {@code addr2line}: one process per report, every address in one batch on its stdin
 * (no DWARF reader written here). Answers are cached per vmlinux (its path, size and time) in
 * the cache directory, so a second report of the same kernel starts no process for addresses
 * already seen. Paths are shown relative to the kernel's source tree: the {@code source} link
 * an out-of-tree build ({@code make O=}) leaves beside vmlinux, else vmlinux's own directory.
 */
public final class SourceLines {
    /** A batch is bounded in time: addr2line reads the whole DWARF first (~1 s for a debug vmlinux). */
    private static final long TIMEOUT_S = 300;

    private final Path vmlinux;
    private final Path cacheFile;
    private final String root;
    private final Map<Long, String> known = new LinkedHashMap<>();
    private boolean loaded;

    private SourceLines(Path vmlinux, Path cacheFile, String root) {
        this.vmlinux = vmlinux;
        this.cacheFile = cacheFile;
        this.root = root;
    }

    /**
     * Source lines for {@code vmlinux}, or null when it has no DWARF (.debug_info): the report
     * then says so once and shows functions. {@code cacheDir} holds the per-vmlinux answers.
     */
    public static SourceLines of(Path vmlinux, Path cacheDir) throws IOException {
        if (!ElfSymbols.hasSection(vmlinux, ".debug_info")) {
            return null;
        }
        Path real = vmlinux.toRealPath();
        String key = real + "\n" + Files.size(real) + "\n"
                + Files.getLastModifiedTime(real).toMillis();
        String hash;
        try {
            hash = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Path source = real.getParent().resolve("source");
        String root = (Files.isDirectory(source) ? source.toRealPath() : real.getParent()).toString() + "/";
        return new SourceLines(real, cacheDir.resolve(hash + ".tsv"), root);
    }

    /** The default cache directory: ~/.cache/mzsh/addr2line (XDG_CACHE_HOME honoured). */
    public static Path defaultCache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("mzsh").resolve("addr2line");
    }

    public Path vmlinux() {
        return vmlinux;
    }

    /**
     * {@code file:line} of each address that DWARF places (addresses it does not, such as the
     * synthetic alloc_ip codes, are left out); one addr2line run for the ones not cached.
     */
    public synchronized Map<Long, String> lookup(Collection<Long> addresses) throws IOException {
        load();
        TreeSet<Long> missing = new TreeSet<>(Long::compareUnsigned);
        for (long a : addresses) {
            if (!known.containsKey(a) && Long.compareUnsigned(a, 0x1_0000_0000L) >= 0) {
                missing.add(a);
            }
        }
        if (!missing.isEmpty()) {
            run(List.copyOf(missing));
            save();
        }
        Map<Long, String> out = new LinkedHashMap<>();
        for (long a : addresses) {
            String s = known.get(a);
            if (s != null && !s.isEmpty()) {
                out.put(a, s);
            }
        }
        return out;
    }

    /** The source directory of a {@code file:line} ({@code fs/}, {@code net/ipv4/}), or null for a path outside the tree. */
    public static String directory(String fileLine) {
        int colon = fileLine.lastIndexOf(':');
        String file = colon < 0 ? fileLine : fileLine.substring(0, colon);
        if (file.startsWith("/") || file.startsWith("..")) {
            return null;
        }
        int slash = file.lastIndexOf('/');
        return slash < 0 ? "./" : file.substring(0, slash + 1);
    }

    private void run(List<Long> batch) throws IOException {
        Process p = new ProcessBuilder("addr2line", "-e", vmlinux.toString())
                .redirectErrorStream(false)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        // stdin is written on its own thread: addr2line answers as it reads, and a full pipe either way would block
        Thread feeder = new Thread(
                () -> {
                    try (OutputStream in = p.getOutputStream()) {
                        StringBuilder b = new StringBuilder(batch.size() * 17);
                        for (long a : batch) {
                            b.append(Long.toHexString(a)).append('\n');
                        }
                        in.write(b.toString().getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException e) {
                        // addr2line ended early: its answers are incomplete and say so below
                    }
                },
                "addr2line-feed");
        feeder.start();
        int i = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null && i < batch.size()) {
                known.put(batch.get(i++), clean(line));
            }
            if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("addr2line took over " + TIMEOUT_S + " s on " + vmlinux);
            }
            feeder.join(TimeUnit.SECONDS.toMillis(TIMEOUT_S));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running addr2line", e);
        }
        if (i < batch.size()) {
            throw new IOException("addr2line answered " + i + " of " + batch.size() + " addresses (exit "
                    + p.exitValue() + "); is binutils installed?");
        }
    }

    /** {@code /src/linux/fs/read_write.c:451 (discriminator 2)} -> {@code fs/read_write.c:451}; unknown -> empty. */
    private String clean(String line) {
        int sp = line.indexOf(" (");
        String s = sp < 0 ? line.trim() : line.substring(0, sp).trim();
        if (s.startsWith("??") || s.endsWith(":0") || s.endsWith(":?")) {
            return "";
        }
        return s.startsWith(root) ? s.substring(root.length()) : s;
    }

    private void load() throws IOException {
        if (loaded) {
            return;
        }
        loaded = true;
        if (!Files.isRegularFile(cacheFile)) {
            return;
        }
        for (String l : Files.readAllLines(cacheFile, StandardCharsets.UTF_8)) {
            int tab = l.indexOf('\t');
            if (tab > 0) {
                try {
                    known.put(Long.parseUnsignedLong(l.substring(0, tab), 16), l.substring(tab + 1));
                } catch (NumberFormatException e) {
                    // a damaged line: that address is asked again
                }
            }
        }
    }

    /** The whole cache, under a temporary name first: concurrent reports never see half a file. */
    private void save() throws IOException {
        Files.createDirectories(cacheFile.getParent());
        Path tmp = Files.createTempFile(cacheFile.getParent(), ".addr2line", ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            for (Map.Entry<Long, String> e : known.entrySet()) {
                w.write(Long.toHexString(e.getKey()) + "\t" + e.getValue() + "\n");
            }
        }
        Files.move(tmp, cacheFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
