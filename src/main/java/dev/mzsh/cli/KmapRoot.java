package dev.mzsh.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The root of {@code mzsh kmap ...} when kmap is named first: mzsh's name, help and version and
 * the one global option an offline analysis reads, --vmlinux. Main's guest and target options are
 * left out: an analysis boots nothing, so they were noise in its --help and silently ignored
 * when given; and picocli reads every one and copies it into each kmap command before a byte of
 * the kmap is read (measured, 20 interleaved runs of {@code kmap access} on a 2 MB kmap: median
 * 0.406 s with Main as the root, 0.394 s with this one).
 */
@Command(
        name = "mzsh",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        version = Main.VERSION,
        exitCodeListHeading = "%nExit status:%n")
final class KmapRoot implements VmlinuxSource {
    @Option(
            names = "--vmlinux",
            paramLabel = "FILE",
            scope = ScopeType.INHERIT,
            description = "the kernel's vmlinux with symbols: names sites and functions (symbol+0xoff), and their"
                    + " file:line when it has debug info")
    Path vmlinux;

    @Override
    public Path vmlinux() {
        return vmlinux;
    }
}
