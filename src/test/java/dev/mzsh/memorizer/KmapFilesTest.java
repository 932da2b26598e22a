package dev.mzsh.memorizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mzsh.machine.GuestFileException;
import dev.mzsh.machine.SharedDirectory;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    private static KmapFiles.Expected verified(String text) throws Exception {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return KmapFiles.Expected.verified(b.length,
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b)));
    }

    @Test
    void numbersFollowTheHighestExistingOne() throws Exception {
        assertThat(KmapFiles.publishNumbered(share(), part("a"), verified("a"), dir).getFileName())
                .hasToString("kmap-001.kmap");
        Files.writeString(dir.resolve("kmap-007.kmap"), "old");
        Path p = KmapFiles.publishNumbered(share(), part("b"), verified("b"), dir);
        assertThat(p.getFileName()).hasToString("kmap-008.kmap");
        assertThat(Files.readString(p)).isEqualTo("b");
        assertThat(Files.readString(dir.resolve("kmap-007.kmap"))).isEqualTo("old");
        try (var s = Files.list(dir)) {
            assertThat(s.filter(f -> f.getFileName().toString().endsWith(".part"))).isEmpty();
        }
        try (var s = Files.list(shareDir)) {
            assertThat(s).as("the parts left the share").isEmpty();
        }
    }

    @Test
    void anExistingTargetIsNeverReplaced() throws Exception {
        Path target = dir.resolve("mine.kmap");
        Files.writeString(target, "precious");
        Path part = part("new");
        assertThatThrownBy(() -> KmapFiles.publish(share(), part, verified("new"), target))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(target)).isEqualTo("precious");
    }

    @Test
    void thePublishedFileIsACopyNotALinkToTheGuestsPart() throws Exception {
        Path part = part("data");
        Path guestsOwnLink = shareDir.resolve("keep");
        Files.createLink(guestsOwnLink, part); // the guest may hold another name for its part
        Path target = dir.resolve("x.kmap");
        KmapFiles.publish(share(), part, verified("data"), target);
        Files.writeString(guestsOwnLink, "rewritten by the guest");
        assertThat(Files.readString(target)).isEqualTo("data");
        assertThat(Files.getAttribute(target, "unix:nlink")).isEqualTo(1);
    }

    @Test
    void aPartThatIsNotTheVerifiedBytesIsNotPublished() throws Exception {
        Path part = part("changed");
        Path target = dir.resolve("x.kmap");
        assertThatThrownBy(() -> KmapFiles.publish(share(), part, verified("data123"), target))
                .isInstanceOf(GuestFileException.class).hasMessageContaining(part.toString());
        assertThat(target).doesNotExist();
        try (var s = Files.list(dir)) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void aPartTheGuestTurnedIntoALinkIsRefused() throws Exception {
        Path secret = Files.writeString(dir.resolve("host-secret"), "secret");
        Path part = Files.createSymbolicLink(shareDir.resolve(".kmap-1.part"), secret);
        Path target = dir.resolve("x.kmap");
        assertThatThrownBy(() -> KmapFiles.publish(share(), part, new KmapFiles.Expected(-1, Optional.empty()), target))
                .isInstanceOf(GuestFileException.class).hasMessageContaining("symbolic link");
        assertThat(target).doesNotExist();
        assertThat(secret).hasContent("secret");
    }
}
