package dev.mzsh.kmap;

import java.io.IOException;
import java.nio.file.Path;

/**
 * How to summarise a kmap.
 *
 * @param top      rows kept in each "top" list of the summary
 * @param threads  worker threads (the file is split at object-line boundaries); 1 = sequential
 * @param lenient  skip and count malformed lines instead of stopping at the first one
 * @param symbols  names for allocation and access sites; {@link SymbolTable#EMPTY} keeps raw addresses
 * @param sources  source lines of sites (a vmlinux with DWARF), or null
 * @param noSources why there are no source lines although a vmlinux was given (said once in the report), or null
 */
public record KmapOptions(
        int top, int threads, boolean lenient, SymbolTable symbols, SourceLines sources, String noSources) {
    public KmapOptions(int top, int threads, boolean lenient, SymbolTable symbols) {
        this(top, threads, lenient, symbols, null, null);
    }

    public KmapOptions {
        if (top < 1) {
            throw new IllegalArgumentException("top must be at least 1, not " + top);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        if (symbols == null) {
            symbols = SymbolTable.EMPTY;
        }
    }

    /** Top 10, one thread per core, strict, no symbols. */
    public static KmapOptions defaults() {
        return new KmapOptions(10, Runtime.getRuntime().availableProcessors(), false, SymbolTable.EMPTY);
    }

    public KmapOptions withTop(int n) {
        return new KmapOptions(n, threads, lenient, symbols, sources, noSources);
    }

    public KmapOptions withThreads(int n) {
        return new KmapOptions(top, n, lenient, symbols, sources, noSources);
    }

    public KmapOptions withLenient(boolean l) {
        return new KmapOptions(top, threads, l, symbols, sources, noSources);
    }

    public KmapOptions withSymbols(SymbolTable s) {
        return new KmapOptions(top, threads, lenient, s, sources, noSources);
    }

    /**
     * With source lines from {@code vmlinux}'s DWARF (cached in {@code cacheDir}); without DWARF,
     * with the reason the report gives once instead.
     */
    public KmapOptions withSourcesOf(Path vmlinux, Path cacheDir) throws IOException {
        SourceLines s = SourceLines.of(vmlinux, cacheDir);
        return new KmapOptions(
                top,
                threads,
                lenient,
                symbols,
                s,
                s != null
                        ? null
                        : vmlinux + " has no debug info (DWARF): sites show functions, not file:line (build with"
                                + " CONFIG_DEBUG_INFO, e.g. kernel-configs/debug.config)");
    }
}
