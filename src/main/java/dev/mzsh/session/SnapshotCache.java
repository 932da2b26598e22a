package dev.mzsh.session;

import dev.mzsh.snapshot.SnapshotStore;
import java.nio.file.Path;
import java.util.Map;

/**
 * The user's snapshot store: mzsh's cache (or MZSH_SNAPSHOTS, e.g. a larger disk), bounded by
 * MZSH_SNAPSHOT_KEEP snapshots (default 8) and MZSH_SNAPSHOT_MAX bytes (default 16G).
 */
public final class SnapshotCache {
    static final int DEFAULT_KEEP = 8;
    static final long DEFAULT_MAX = 16L << 30;

    private SnapshotCache() {}

    public static SnapshotStore open(Installation installation) {
        return open(installation, System.getenv());
    }

    static SnapshotStore open(Installation installation, Map<String, String> env) {
        long keep = RunBounds.size(env, "MZSH_SNAPSHOT_KEEP", DEFAULT_KEEP);
        String dir = env.get("MZSH_SNAPSHOTS");
        Path root = dir != null && !dir.isBlank()
                ? Path.of(dir).toAbsolutePath()
                : installation.cacheDir().resolve("snapshots");
        return new SnapshotStore(
                root, (int) Math.min(keep, 1000), RunBounds.size(env, "MZSH_SNAPSHOT_MAX", DEFAULT_MAX));
    }
}
