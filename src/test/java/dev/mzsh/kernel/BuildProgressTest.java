package dev.mzsh.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BuildProgressTest {
    @Test
    void countsCompiledFilesOnlyFromKbuildsQuietLines() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BuildProgress p = new BuildProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 4);
        for (String l : new String[] {
            "  CC      kernel/fork.o",
            "  CC [M]  fs/9p/9p.o",
            "  AS      arch/x86/entry/entry_64.o",
            "  LD      vmlinux",
            "  HOSTCC  scripts/basic/fixdep",
            "kernel/fork.c:1: warning: CC is odd"
        }) {
            p.line(l);
        }
        assertThat(p.compiled()).isEqualTo(3);
        assertThat(p.text()).contains("[" + "#".repeat(22) + ".".repeat(8) + "] 3/~4 files");
    }

    @Test
    void theBarStaysFullPastTheEstimateAndTheClockReadsMinutes() {
        assertThat(BuildProgress.bar(9, 4)).isEqualTo("[" + "#".repeat(30) + "]");
        assertThat(BuildProgress.bar(0, 4)).isEqualTo("[" + ".".repeat(30) + "]");
        assertThat(BuildProgress.clock(Duration.ofSeconds(605))).isEqualTo("10:05");
    }

    @Test
    void onATerminalTheBarIsRedrawnInPlace() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BuildProgress p = new BuildProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, 10);
        p.phase("compiling");
        p.finish();
        String s = bytes.toString(StandardCharsets.UTF_8);
        assertThat(s).startsWith("\r\033[Kmzsh: kernel build: [").endsWith("compiling\n");
    }
}
