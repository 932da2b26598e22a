package dev.mzsh.memorizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mzsh.machine.GuestFileException;
import dev.mzsh.machine.SharedDirectory;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KmapFilesTest {
    @TempDir
    Path dir;

    @TempDir
    Path shareDir;

    private SharedDirectory share() {
        return new SharedDirectory(shareDir, "/mnt/mzsh");
    }

    private Path part(String text) throws Exception {
        Path p = Files.createTempFile(shareDir, ".kmap", ".part");
        Files.writeString(p, text);
        return p;
    }

    /** A copy of {@code part} as verification leaves it: its size and hash when it held {@code text}. */
    private static VerifiedCopy verified(Path part, String text, KmapHash algorithm) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        KmapHash.Hasher h = algorithm.start();
        h.update(b, 0, b.length);
        return new VerifiedCopy(part, b.length, algorithm, h.hex(), Duration.ZERO);
    }

    private static VerifiedCopy verified(Path part, String text) {
        return verified(part, text, KmapHash.SHA256);
    }

    private VerifiedCopy part(String text, String verifiedText) throws Exception {
        return verified(part(text), verifiedText);
    }

    @Test
    void numbersFollowTheHighestExistingOne() throws Exception {
        assertThat(KmapFiles.publishNumbered(share(), part("a", "a"), dir).getFileName())
                .hasToString("kmap-001.kmap");
        Files.writeString(dir.resolve("kmap-007.kmap"), "old");
        Path p = KmapFiles.publishNumbered(share(), part("b", "b"), dir);
        assertThat(p.getFileName()).hasToString("kmap-008.kmap");
        assertThat(Files.readString(p)).isEqualTo("b");
        assertThat(Files.readString(dir.resolve("kmap-007.kmap"))).isEqualTo("old");
        try (var s = Files.list(dir)) {
            assertThat(s.filter(f -> f.getFileName().toString().endsWith(".part")))
                    .isEmpty();
        }
        try (var s = Files.list(shareDir)) {
            assertThat(s).as("the parts left the share").isEmpty();
        }
    }

    @Test
    void anExistingTargetIsNeverReplaced() throws Exception {
        Path target = dir.resolve("mine.kmap");
        Files.writeString(target, "precious");
        VerifiedCopy part = part("new", "new");
        assertThatThrownBy(() -> KmapFiles.publish(share(), part, target))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(target)).isEqualTo("precious");
    }

    @Test
    void thePublishedFileIsACopyNotALinkToTheGuestsPart() throws Exception {
        Path part = part("data");
        Path guestsOwnLink = shareDir.resolve("keep");
        Files.createLink(guestsOwnLink, part); // the guest may hold another name for its part
        Path target = dir.resolve("x.kmap");
        KmapFiles.publish(share(), verified(part, "data"), target);
        Files.writeString(guestsOwnLink, "rewritten by the guest");
        assertThat(Files.readString(target)).isEqualTo("data");
        assertThat(Files.getAttribute(target, "unix:nlink")).isEqualTo(1);
    }

    @Test
    void aPartThatIsNotTheVerifiedBytesIsNotPublished() throws Exception {
        Path part = part("changed");
        Path target = dir.resolve("x.kmap");
        assertThatThrownBy(() -> KmapFiles.publish(share(), verified(part, "data123"), target))
                .isInstanceOf(GuestFileException.class)
                .hasMessageContaining(part.toString());
        assertThat(target).doesNotExist();
        try (var s = Files.list(dir)) {
            assertThat(s).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(KmapHash.class)
    void aPartTheGuestChangedAfterItsCheckIsCaughtByItsHashNotOnlyItsSize(KmapHash algorithm) throws Exception {
        // same length as the verified text: only hashing what was copied tells them apart
        Path part = part("ffffffff81000000,1,X\n");
        Path target = dir.resolve("x.kmap");
        VerifiedCopy checked = verified(part, "ffffffff81000000,1,2\n", algorithm);
        assertThatThrownBy(() -> KmapFiles.publish(share(), checked, target))
                .isInstanceOf(GuestFileException.class)
                .hasMessageContaining("changed after it was verified (" + algorithm.label())
                .hasMessageContaining("nothing was kept");
        assertThat(target).doesNotExist();
        try (var s = Files.list(dir)) {
            assertThat(s).as("no half-checked file beside the target either").isEmpty();
        }
    }

    @Test
    void anXxh32CopyIsPublishedWhenItsBytesMatch() throws Exception {
        Path part = part("abc\n");
        Path target = dir.resolve("x.kmap");
        KmapFiles.publish(share(), verified(part, "abc\n", KmapHash.XXH32), target);
        assertThat(target).hasContent("abc\n");
        assertThat(part).doesNotExist();
    }

    @Test
    void aPartTheGuestTurnedIntoALinkIsRefused() throws Exception {
        Path secret = Files.writeString(dir.resolve("host-secret"), "secret");
        Path part = Files.createSymbolicLink(shareDir.resolve(".kmap-1.part"), secret);
        Path target = dir.resolve("x.kmap");
        assertThatThrownBy(() -> KmapFiles.publish(share(), verified(part, "secret"), target))
                .isInstanceOf(GuestFileException.class)
                .hasMessageContaining("symbolic link");
        assertThat(target).doesNotExist();
        assertThat(secret).hasContent("secret");
    }

    private java.util.List<Path> pieces(String... texts) throws Exception {
        java.util.List<Path> l = new java.util.ArrayList<>();
        int n = 1;
        for (String t : texts) {
            l.add(Files.writeString(dir.resolve(".kmap-drain-" + n++ + ".piece"), t));
        }
        return l;
    }

    @Test
    void drainedPiecesAreJoinedInOrderUnderTheNextNumberAndThenRemoved() throws Exception {
        Files.writeString(dir.resolve("kmap-001.kmap"), "old");
        java.util.List<Path> pieces = pieces("a,1\n", "b,2\n", "final\n");
        Path p = KmapFiles.publishJoinedNumbered(pieces, dir, true);
        assertThat(p.getFileName()).hasToString("kmap-002.kmap");
        assertThat(p).hasContent("a,1\nb,2\nfinal\n");
        assertThat(pieces).allSatisfy(x -> assertThat(x).doesNotExist());
        assertThat(dir.resolve("kmap-001.kmap")).hasContent("old");
        try (var s = Files.list(dir)) {
            assertThat(s.map(x -> x.getFileName().toString()))
                    .containsExactlyInAnyOrder("kmap-001.kmap", "kmap-002.kmap");
        }
    }

    @Test
    void anIncompleteJoinSaysSoInItsNameAndKeepsItsNumber() throws Exception {
        Path p = KmapFiles.publishJoinedNumbered(pieces("a\n"), dir, false);
        assertThat(p.getFileName()).hasToString("kmap-001.kmap.incomplete");
        assertThat(p).hasContent("a\n");
        Path next = KmapFiles.publishNumbered(share(), part("b", "b"), dir);
        assertThat(next.getFileName()).hasToString("kmap-002.kmap");
    }

    @Test
    void aJoinNeverReplacesAFileAndKeepsThePieces() throws Exception {
        Path target = Files.writeString(dir.resolve("mine.kmap"), "mine");
        java.util.List<Path> pieces = pieces("a\n", "b\n");
        assertThatThrownBy(() -> KmapFiles.publishJoined(pieces, target))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(target).hasContent("mine");
        assertThat(pieces).allSatisfy(x -> assertThat(x).exists());
    }
}
