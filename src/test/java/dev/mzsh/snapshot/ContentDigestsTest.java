package dev.mzsh.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentDigestsTest {
    @Test
    void aFileIsReadOnceUntilItChanges(@TempDir Path dir) throws Exception {
        Path kernel = dir.resolve("bzImage");
        Files.writeString(kernel, "one kernel");
        ContentDigests digests = new ContentDigests(dir.resolve("digests"));

        assertThat(digests.sha256(kernel)).isEqualTo(DigestUtils.sha256Hex("one kernel"));
        Path entry;
        try (Stream<Path> s = Files.list(dir.resolve("digests"))) {
            entry = s.findFirst().orElseThrow();
        }
        // A remembered digest is what answers while the file is unchanged: prove it by changing the record.
        String bogus = "0".repeat(64);
        Files.writeString(entry, Files.readString(entry).replace(DigestUtils.sha256Hex("one kernel"), bogus));
        assertThat(digests.sha256(kernel)).isEqualTo(bogus);

        Files.writeString(kernel, "another kernel"); // a rebuild: new size, times
        assertThat(digests.sha256(kernel)).isEqualTo(DigestUtils.sha256Hex("another kernel"));
    }

    @Test
    void aDamagedRecordIsReadAgain(@TempDir Path dir) throws Exception {
        Path kernel = dir.resolve("bzImage");
        Files.writeString(kernel, "one kernel");
        ContentDigests digests = new ContentDigests(dir.resolve("digests"));
        digests.sha256(kernel);
        try (Stream<Path> s = Files.list(dir.resolve("digests"))) {
            Files.writeString(s.findFirst().orElseThrow(), "garbage");
        }
        assertThat(digests.sha256(kernel)).isEqualTo(DigestUtils.sha256Hex("one kernel"));
    }
}
