package dev.mzsh.cli;

import dev.mzsh.kmap.KmapOptions;
import dev.mzsh.kmap.SourceLines;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How the kmap analyses (summary, access, diff) read a kmap: symbols, malformed lines, threads. */
final class KmapReadOptionsMixin {
    @Option(
            names = "--system-map",
            paramLabel = "FILE",
            description = "name sites and functions (symbol+0xoff) from this System.map")
    Path systemMap;

    @Option(names = "--lenient", description = "skip and count malformed lines instead of stopping at the first")
    boolean lenient;

    @Option(names = "--threads", paramLabel = "N", description = "worker threads (default: one per core)")
    Integer threads;

    /** The usage error of these options, or null when they are fine. */
    String problem() {
        return threads != null && threads < 1 ? "--threads must be at least 1" : null;
    }

    /**
     * The analysis options: symbols from --system-map or {@code vmlinux}, and with {@code vmlinux}
     * source lines too when {@code sources}.
     *
     * @throws IOException when the symbols cannot be read (a usage error for the caller)
     */
    KmapOptions options(int top, Path vmlinux, boolean sources) throws IOException {
        KmapOptions o = new KmapOptions(
                top,
                threads != null ? threads : Runtime.getRuntime().availableProcessors(),
                lenient,
                KmapCommand.symbols(systemMap, vmlinux));
        return sources && vmlinux != null ? o.withSourcesOf(vmlinux, SourceLines.defaultCache()) : o;
    }

    /** Said after a malformed line's message: how to get past it. */
    String syntaxHint() {
        return lenient ? "" : " (--lenient skips malformed lines)";
    }
}
