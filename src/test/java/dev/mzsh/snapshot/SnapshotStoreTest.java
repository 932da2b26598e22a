package dev.mzsh.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotStoreTest {
    @TempDir
    Path dir;

    private static SnapshotKey key(int n) {
        return new SnapshotKey(DigestUtils.sha256Hex("key " + n));
    }

    private Snapshot save(SnapshotStore store, SnapshotKey key, String state, boolean replace) throws Exception {
        Path work = store.newWorkDir();
        Files.writeString(work.resolve(Snapshot.STATE), state);
        Files.writeString(SnapshotStore.memoryIn(work), "m");
        Seal seal = new Seal(
                key,
                state.length(),
                DigestUtils.sha256Hex(state),
                Instant.now(),
                Duration.ofSeconds(7),
                "6.1.0-test",
                DigestUtils.sha256Hex(""),
                1,
                SnapshotStore.memoryStamp(work));
        return store.publish(work, seal, replace);
    }

    @Test
    void aPublishedSnapshotIsFoundUnderItsKeyWithItsSeal() throws Exception {
        SnapshotStore store = new SnapshotStore(dir.resolve("snapshots"), 8, 1L << 30);
        assertThat(store.find(key(1))).isInstanceOf(Lookup.Missing.class);
        Snapshot s = save(store, key(1), "state one", false);
        Lookup l = store.find(key(1));
        assertThat(l).isInstanceOfSatisfying(Lookup.Found.class, f -> {
            assertThat(f.snapshot().dir()).isEqualTo(s.dir());
            assertThat(f.snapshot().seal().sha256()).isEqualTo(DigestUtils.sha256Hex("state one"));
            assertThat(f.snapshot().seal().size()).isEqualTo(9);
        });
        assertThat(Files.readString(s.state())).isEqualTo("state one");
        assertThat(s.seal().coldBoot()).isEqualTo(Duration.ofSeconds(7));
        try (var left = Files.list(store.root())) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly(key(1).hex());
        }
    }

    @Test
    void aTruncatedStateOrAForeignSealIsRefusedWithAReason() throws Exception {
        SnapshotStore store = new SnapshotStore(dir.resolve("snapshots"), 8, 1L << 30);
        Snapshot s = save(store, key(1), "state one", false);
        Files.writeString(s.state(), "state");
        assertThat(store.find(key(1)))
                .isInstanceOfSatisfying(
                        Lookup.Refused.class, r -> assertThat(r.reason()).contains("5 bytes, sealed with 9"));

        Snapshot other = save(store, key(2), "state two", false);
        Path moved = store.root().resolve(key(3).hex());
        Files.move(other.dir(), moved);
        assertThat(store.find(key(3)))
                .isInstanceOfSatisfying(
                        Lookup.Refused.class, r -> assertThat(r.reason()).contains("made for another guest"));

        Files.delete(moved.resolve(Seal.FILE));
        assertThat(store.find(key(3)))
                .isInstanceOfSatisfying(
                        Lookup.Refused.class, r -> assertThat(r.reason()).contains("no seal"));
    }

    @Test
    void aMemoryFileWrittenAfterItWasSealedIsRefused() throws Exception {
        SnapshotStore store = new SnapshotStore(dir.resolve("snapshots"), 8, 1L << 30);
        Snapshot s = save(store, key(1), "state one", false);
        assertThat(store.find(key(1))).isInstanceOf(Lookup.Found.class);
        Files.writeString(s.memory(), "mm");
        assertThat(store.find(key(1)))
                .isInstanceOfSatisfying(
                        Lookup.Refused.class, r -> assertThat(r.reason()).contains("memory file changed"));
        Files.delete(s.memory());
        assertThat(store.find(key(1)))
                .isInstanceOfSatisfying(
                        Lookup.Refused.class, r -> assertThat(r.reason()).contains("memory file cannot be read"));
    }

    @Test
    void theFirstPublisherWinsUnlessTheSecondReplaces() throws Exception {
        SnapshotStore store = new SnapshotStore(dir.resolve("snapshots"), 8, 1L << 30);
        save(store, key(1), "first", false);
        Snapshot second = save(store, key(1), "second", false);
        assertThat(Files.readString(second.state())).isEqualTo("first");
        Snapshot replaced = save(store, key(1), "refreshed", true);
        assertThat(Files.readString(replaced.state())).isEqualTo("refreshed");
        assertThat(store.list()).hasSize(1);
        try (var left = Files.list(store.root())) {
            assertThat(left.filter(p -> p.getFileName().toString().startsWith(".tmp-")))
                    .isEmpty();
        }
    }

    @Test
    void theStoreKeepsItsBoundsLeastRecentlyUsedOutFirst() throws Exception {
        SnapshotStore store = new SnapshotStore(dir.resolve("snapshots"), 2, 1L << 30);
        Snapshot a = save(store, key(1), "a", false);
        Files.setLastModifiedTime(a.dir(), FileTime.from(Instant.now().minusSeconds(100)));
        Snapshot b = save(store, key(2), "b", false);
        Files.setLastModifiedTime(b.dir(), FileTime.from(Instant.now().minusSeconds(50)));
        store.touch(a);
        save(store, key(3), "c", false);
        assertThat(store.list()).extracting(s -> s.seal().key()).containsExactlyInAnyOrder(key(3), key(1));

        // state and memory both count: 10 + 1 bytes each
        SnapshotStore small = new SnapshotStore(dir.resolve("small"), 8, 11);
        save(small, key(1), "0123456789", false);
        save(small, key(2), "0123456789", false);
        assertThat(small.list()).extracting(s -> s.seal().key()).containsExactly(key(2));
    }

    @Test
    void publishingDropsDirectoriesWithoutAReadableSeal() throws Exception {
        SnapshotStore store = new SnapshotStore(dir.resolve("snapshots"), 8, 1L << 30);
        Snapshot old = save(store, key(1), "a", false);
        // a seal of the first format: no memory file
        Files.writeString(
                old.dir().resolve(Seal.FILE),
                Files.readString(old.dir().resolve(Seal.FILE)).replaceAll("(?m)^memory.*$", ""));
        Path work = store.newWorkDir(); // being written: stays
        save(store, key(2), "b", false);
        assertThat(old.dir()).doesNotExist();
        assertThat(work).isDirectory();
        assertThat(store.list()).extracting(s -> s.seal().key()).containsExactly(key(2));
    }

    @Test
    void clearRemovesEverySnapshotAndLeftover() throws Exception {
        SnapshotStore store = new SnapshotStore(dir.resolve("snapshots"), 8, 1L << 30);
        save(store, key(1), "a", false);
        save(store, key(2), "b", false);
        store.newWorkDir();
        assertThat(store.clear()).isEqualTo(2);
        try (var left = Files.list(store.root())) {
            assertThat(left).isEmpty();
        }
    }
}
