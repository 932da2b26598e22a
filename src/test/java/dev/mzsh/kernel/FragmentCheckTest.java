package dev.mzsh.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FragmentCheckTest {
    @TempDir
    Path dir;

    private ConfigFragment fragment(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return ConfigFragment.read(f);
    }

    private KernelConfig config(String text) throws Exception {
        Path f = dir.resolve(".config");
        Files.writeString(f, text);
        return KernelConfig.read(f);
    }

    @Test
    void readsSettingsAndNotSetLinesWithTheirLineNumbers() throws Exception {
        ConfigFragment f =
                fragment("a.config", "# why\n\nCONFIG_SMP=y\n# CONFIG_SWAP is not set\nCONFIG_CMDLINE=\"x y\"\n");
        assertThat(f.options())
                .extracting(w -> w.setting().name(), w -> w.setting().value(), ConfigFragment.Wanted::line)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("SMP", "y", 3),
                        org.assertj.core.groups.Tuple.tuple("SWAP", "n", 4),
                        org.assertj.core.groups.Tuple.tuple("CMDLINE", "\"x y\"", 5));
    }

    @Test
    void aLineThatIsNoSettingIsAnErrorNamingFileAndLine() throws Exception {
        assertThatThrownBy(() -> fragment("b.config", "CONFIG_SMP=y\nSMP=y\n"))
                .isInstanceOf(KernelBuildException.class)
                .hasMessageStartingWith("b.config:2: not a config line: 'SMP=y'");
    }

    @Test
    void survivingOptionsAreNotReportedAndALaterFragmentWins() throws Exception {
        List<ConfigFragment> fs = List.of(
                fragment("a.config", "CONFIG_SMP=n\nCONFIG_SWAP=y\n"),
                fragment("b.config", "CONFIG_SMP=y\n# CONFIG_SWAP is not set\n"));
        KernelConfig c = config("CONFIG_SMP=y\n");
        assertThat(FragmentCheck.dropped(fs, c, n -> true, "")).isEmpty();
    }

    @Test
    void droppedOptionsAreSortedByWhyWithOneLineEach() throws Exception {
        List<ConfigFragment> fs = List.of(fragment(
                "memorizer.config",
                "CONFIG_KASAN=y\nCONFIG_MEMORIZER=y\nCONFIG_MEMORIZER_STATS=y\nCONFIG_SMP=maybe\n"));
        KernelConfig c = config("# CONFIG_KASAN is not set\n# CONFIG_SMP is not set\n");
        Set<String> tree = Set.of("KASAN", "SMP");
        List<DroppedOption> d = FragmentCheck.dropped(
                fs, c, tree::contains, ".config:12:warning: symbol value 'maybe' invalid for SMP\n");
        assertThat(d)
                .extracting(DroppedOption::reason)
                .containsExactly(
                        DroppedOption.Reason.DEPENDENCIES,
                        DroppedOption.Reason.NOT_IN_TREE,
                        DroppedOption.Reason.NOT_IN_TREE,
                        DroppedOption.Reason.BAD_VALUE);
        assertThat(FragmentCheck.messages(d))
                .containsExactly(
                        "memorizer.config:4: CONFIG_SMP=maybe is not a valid value for CONFIG_SMP (kconfig ignored it)",
                        "CONFIG_MEMORIZER, CONFIG_MEMORIZER_STATS are not in this tree (memorizer.config)"
                                + " - is this a Memorizer kernel?",
                        "CONFIG_KASAN=y (memorizer.config:1, got n): kconfig dropped it - its dependencies are off; "
                                + "add them to the fragment (make menuconfig, then / and the name, shows which)");
    }

    @Test
    void anUnknownNonMemorizerOptionAsksToCheckTheName() throws Exception {
        List<ConfigFragment> fs = List.of(fragment("x.config", "CONFIG_NO_SUCH_THING=y\n"));
        assertThat(FragmentCheck.messages(FragmentCheck.dropped(fs, config(""), n -> false, "")))
                .containsExactly("CONFIG_NO_SUCH_THING is not in this tree (x.config) - check the names against "
                        + "the tree's Kconfig files");
    }

    @Test
    void kconfigSymbolsFindsConfigAndMenuconfigDefinitions() throws Exception {
        Files.createDirectories(dir.resolve("fs/9p"));
        Files.writeString(
                dir.resolve("fs/9p/Kconfig"), "config 9P_FS\n\ttristate \"x\"\nmenuconfig NETWORK_FILESYSTEMS\n");
        Files.writeString(dir.resolve("fs/9p/Makefile"), "config NOT_A_KCONFIG_FILE\n");
        KconfigSymbols s = KconfigSymbols.of(dir);
        assertThat(s.defines("9P_FS")).isTrue();
        assertThat(s.defines("NETWORK_FILESYSTEMS")).isTrue();
        assertThat(s.defines("NOT_A_KCONFIG_FILE")).isFalse();
    }
}
