package dev.mzsh.session;

import dev.mzsh.snapshot.SnapshotStore;
import java.util.Map;

/** The user's snapshot store in mzsh's cache, bounded by MZSH_SNAPSHOT_KEEP and MZSH_SNAPSHOT_MAX. */
public final class SnapshotCache {
    static final int DEFAULT_KEEP = 8;
    static final long DEFAULT_MAX = 16L << 30;

    private SnapshotCache() {}

    public static SnapshotStore open(Installation installation) {
        return open(installation, System.getenv());
    }

    static SnapshotStore open(Installation installation, Map<String, String> env) {
        long keep = RunBounds.size(env, "MZSH_SNAPSHOT_KEEP", DEFAULT_KEEP);
        return new SnapshotStore(installation.cacheDir().resolve("snapshots"), (int) Math.min(keep, 1000),
                RunBounds.size(env, "MZSH_SNAPSHOT_MAX", DEFAULT_MAX));
    }
}
