package dev.mzsh.bats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestStagingTest {
    @TempDir
    Path host;

    @Test
    void foldersAreCopiedWholeAndFilesWithTheirHelpers() throws Exception {
        Path suite = Files.createDirectories(host.resolve("my suite"));
        Files.writeString(suite.resolve("a.bat"), "@test x { true; }\n");
        Files.writeString(suite.resolve("helper.bash"), "h() { :; }\n");
        Files.writeString(Files.createDirectories(suite.resolve("fixtures")).resolve("data"), "d");
        Files.writeString(Files.createDirectories(suite.resolve(".git")).resolve("HEAD"), "ref");
        Path other = Files.createDirectories(host.resolve("other"));
        Files.writeString(other.resolve("one.bats"), "@test y { true; }\n");
        Files.writeString(other.resolve("lib.bash"), "");
        Files.writeString(other.resolve("unrelated.bats"), "");
        List<TestSource> sources = TestSelection.expand(List.of("my suite", "other/one.bats"), host);

        Path tests = host.resolve("run/bats/tests");
        StagedTests staged = TestStaging.stage(sources, tests, "/mnt/mzsh/bats/tests");

        assertThat(staged.guestFiles())
                .containsExactly("/mnt/mzsh/bats/tests/1-my_suite/a.bat", "/mnt/mzsh/bats/tests/2-one/one.bats");
        assertThat(tests.resolve("1-my_suite/a.bat")).hasContent("@test x { true; }");
        assertThat(tests.resolve("1-my_suite/helper.bash")).exists();
        assertThat(tests.resolve("1-my_suite/fixtures/data")).hasContent("d");
        assertThat(tests.resolve("1-my_suite/.git")).doesNotExist();
        assertThat(tests.resolve("2-one/lib.bash")).exists();
        assertThat(tests.resolve("2-one/unrelated.bats")).doesNotExist();
        assertThat(staged.displayName("/mnt/mzsh/bats/tests/1-my_suite/a.bat")).isEqualTo("my suite/a.bat");
        assertThat(staged.displayName("/mnt/mzsh/bats/tests/2-one/one.bats")).isEqualTo("other/one.bats");
        assertThat(staged.displayName("/elsewhere.bats")).isEqualTo("/elsewhere.bats");
    }
}
