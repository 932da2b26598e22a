package dev.mzsh.bats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestSelectionTest {
    @TempDir
    Path cwd;

    @Test
    void aFolderGivesItsTopLevelBatAndBatsFilesSortedByName() throws Exception {
        Path d = Files.createDirectories(cwd.resolve("tests"));
        for (String f : List.of("b.bats", "a.bat", "c.bat", "helper.bash", "notes.txt", "sub/z.bats")) {
            Files.createDirectories(d.resolve(f).getParent());
            Files.writeString(d.resolve(f), "");
        }
        TestSource s = TestSelection.expand(List.of("tests/"), cwd).get(0);

        assertThat(s.folder()).isTrue();
        assertThat(s.display()).isEqualTo("tests");
        assertThat(s.testFiles())
                .extracting(p -> p.getFileName().toString())
                .containsExactly("a.bat", "b.bats", "c.bat");
    }

    @Test
    void filesOfEitherExtensionAreTakenAsGivenInOrder() throws Exception {
        Files.writeString(cwd.resolve("x.bats"), "");
        Files.writeString(cwd.resolve("y.bat"), "");
        List<TestSource> s =
                TestSelection.expand(List.of("y.bat", cwd.resolve("x.bats").toString()), cwd);

        assertThat(s).extracting(TestSource::folder).containsExactly(false, false);
        assertThat(s)
                .extracting(TestSource::display)
                .containsExactly("y.bat", cwd.resolve("x.bats").toString());
    }

    @Test
    void aMissingPathIsNamed() {
        assertThatThrownBy(() -> TestSelection.expand(List.of("nope/"), cwd))
                .isInstanceOf(TestPathException.class)
                .hasMessage("no such test file or folder: nope/");
    }

    @Test
    void aFolderWithoutTestFilesIsNamed() throws Exception {
        Files.writeString(Files.createDirectories(cwd.resolve("empty")).resolve("helper.bash"), "");
        assertThatThrownBy(() -> TestSelection.expand(List.of("empty"), cwd))
                .isInstanceOf(TestPathException.class)
                .hasMessage("empty holds no test files (*.bats or *.bat)");
    }

    @Test
    void aFileWithAnotherExtensionIsRefused() throws Exception {
        Files.writeString(cwd.resolve("t.sh"), "");
        assertThatThrownBy(() -> TestSelection.expand(List.of("t.sh"), cwd))
                .isInstanceOf(TestPathException.class)
                .hasMessageContaining("t.sh is not a test file");
    }
}
