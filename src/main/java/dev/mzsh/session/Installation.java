package dev.mzsh.session;

import java.nio.file.Path;

/**
 * Where mzsh's own files are: the checkout (guest files, tests, sim module
 * sources) and the per-user cache (initramfs layers, built modules).
 */
public record Installation(Path home, Path cacheDir) {
    public Path guestRoot() {
        return home.resolve("initramfs-root");
    }

    public Path batsTests() {
        return home.resolve("bats-tests");
    }

    public Path simSources() {
        return home.resolve("memorizer-sim");
    }

    /** Sources of the guest's static helpers (mzsh-copy). */
    public Path guestToolSources() {
        return home.resolve("guest-tools");
    }

    /** From -Dmzsh.home (set by the launcher), else the working directory; cache per XDG. */
    public static Installation detect() {
        String home = System.getProperty("mzsh.home", System.getProperty("user.dir"));
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank()
                ? Path.of(xdg, "mzsh")
                : Path.of(System.getProperty("user.home"), ".cache", "mzsh");
        return new Installation(Path.of(home).toAbsolutePath(), cache);
    }
}
