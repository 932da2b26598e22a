package dev.mzsh.session;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the debug info of a crashed kernel comes from: --vmlinux (or the vmlinux beside
 * --kernel / in --kernel-build), else Debian's debug package for the stock kernel; and, when
 * there is none, what the user can do about it.
 */
public final class VmcoreSymbols {
    /** Where Debian's linux-image-RELEASE-dbg installs the stock kernel's vmlinux. */
    static final Path DEBIAN_DEBUG = Path.of("/usr/lib/debug/boot");

    private VmcoreSymbols() {}

    /** The vmlinux with symbols for {@code release}: the given one, else Debian's debug package's. */
    public static Optional<Path> find(Optional<Path> given, String release) {
        return find(given, release, DEBIAN_DEBUG);
    }

    static Optional<Path> find(Optional<Path> given, String release, Path debianDebug) {
        if (given.isPresent()) {
            return Optional.of(given.get().toAbsolutePath());
        }
        Path dbg = debianDebug.resolve("vmlinux-" + release);
        return Files.isRegularFile(dbg) ? Optional.of(dbg) : Optional.empty();
    }

    /** One line: what is missing to read the dump, and the two ways to get it. */
    public static String missing(String release) {
        return "no vmlinux with debug info for " + release + " (Debian's vmlinuz has none): boot a kernel "
                + "built with kernel-configs/debug.config (mzsh kernel build, then --kernel-build DIR), "
                + "or install Debian's debug symbols (apt-get install linux-image-" + release + "-dbg, "
                + "which puts " + DEBIAN_DEBUG.resolve("vmlinux-" + release) + "), or give --vmlinux FILE";
    }
}
