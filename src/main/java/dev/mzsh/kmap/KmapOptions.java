package dev.mzsh.kmap;

/**
 * How to summarise a kmap.
 *
 * @param top      rows kept in each "top" list of the summary
 * @param threads  worker threads (the file is split at object-line boundaries); 1 = sequential
 * @param lenient  skip and count malformed lines instead of stopping at the first one
 * @param symbols  names for allocation and access sites; {@link SymbolTable#EMPTY} keeps raw addresses
 */
public record KmapOptions(int top, int threads, boolean lenient, SymbolTable symbols) {
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
        return new KmapOptions(n, threads, lenient, symbols);
    }

    public KmapOptions withThreads(int n) {
        return new KmapOptions(top, n, lenient, symbols);
    }

    public KmapOptions withLenient(boolean l) {
        return new KmapOptions(top, threads, l, symbols);
    }

    public KmapOptions withSymbols(SymbolTable s) {
        return new KmapOptions(top, threads, lenient, s);
    }
}
