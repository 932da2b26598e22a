package dev.mzsh.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The builder's bookkeeping on a stand-in tree whose Makefile and merge_config.sh do in
 * milliseconds what a kernel's do in minutes; KernelBuildIT builds a real tree.
 */
class KernelBuilderTest {
    @TempDir
    Path work;

    Path src;
    Path out;
    final ByteArrayOutputStream notices = new ByteArrayOutputStream();

    @BeforeEach
    void standInTree() throws Exception {
        src = Files.createDirectories(work.resolve("linux"));
        out = work.resolve("build");
        // olddefconfig drops CONFIG_NOT_IN_TREE, as kconfig drops a symbol the tree lacks.
        Files.writeString(src.resolve("Makefile"), """
                tinyconfig:
                \t@echo CONFIG_SMP=y > $(O)/.config
                olddefconfig:
                \t@sed -i /CONFIG_NOT_IN_TREE/d $(O)/.config
                all:
                \t@mkdir -p $(O)/arch/x86/boot
                \t@echo image > $(O)/arch/x86/boot/bzImage
                \t@echo elf > $(O)/vmlinux
                \t@echo '  CC      kernel/bounds.s'
                """);
        Path merge = Files.createDirectories(src.resolve("scripts/kconfig")).resolve("merge_config.sh");
        Files.writeString(merge, """
                #!/bin/sh
                # merge_config.sh -m -O OUT BASE FRAGMENT...
                out=$3; base=$4; shift 4
                cat "$@" >> "$base"
                echo "merged into $out"
                """);
        Files.setPosixFilePermissions(merge, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void aFailedConfigureKeepsTheLastBuildItsConfigAndItsLog() throws Exception {
        KernelBuilder.Result first = builder().build(request());
        assertThat(first.reused()).isFalse();
        String log = Files.readString(out.resolve(KernelBuilder.LOG));
        String config = Files.readString(out.resolve(".config"));
        assertThat(log).contains("kernel/bounds.s");
        assertThat(out.resolve(KernelBuilder.ATTEMPT_LOG)).doesNotExist();

        Path fragment = work.resolve("extra.config");
        Files.writeString(fragment, "CONFIG_NOT_IN_TREE=y\n");
        assertThatThrownBy(() -> builder().build(request(fragment)))
                .isInstanceOf(KernelBuildException.class)
                .hasMessageContaining("CONFIG_NOT_IN_TREE");

        assertThat(Files.readString(out.resolve(KernelBuilder.LOG)))
                .as("the last build's log")
                .isEqualTo(log);
        assertThat(Files.readString(out.resolve(".config")))
                .as("the last build's config")
                .isEqualTo(config);
        assertThat(Files.readString(out.resolve(KernelBuilder.ATTEMPT_LOG))).contains("olddefconfig");
        assertThat(builder().build(request()).reused())
                .as("the last build is still current")
                .isTrue();
    }

    @Test
    void aConfigureThatSucceedsLogsTheWholeBuildUnderTheOneName() throws Exception {
        builder().build(request());
        Path fragment = work.resolve("smp.config");
        Files.writeString(fragment, "CONFIG_SMP=y\n");
        KernelBuilder.Result second = builder().build(request(fragment));
        assertThat(second.reused()).isFalse();
        assertThat(Files.readString(out.resolve(KernelBuilder.LOG)))
                .contains("merge_config.sh", "olddefconfig", "kernel/bounds.s");
        assertThat(out.resolve(KernelBuilder.ATTEMPT_LOG)).doesNotExist();
    }

    private KernelBuilder builder() {
        return new KernelBuilder(new PrintStream(notices, true), false);
    }

    private KernelBuildRequest request(Path... fragments) {
        return new KernelBuildRequest(src, List.of(fragments), BuildBase.parse("tinyconfig"), out, 1);
    }
}
