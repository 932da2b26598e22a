package dev.mzsh.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mzsh.vm.GuestFault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrashEvidenceTest {
    @TempDir
    Path dir;

    @Test
    void theCrashedCpuIsTheOneNamedAfterTheFaultLine() {
        GuestFault f = new GuestFault(
                GuestFault.Kind.PANIC, "[    3.0] Kernel panic - not syncing: sysrq triggered crash", List.of());
        List<String> tail = List.of(
                "[    1.0] CPU: 0 PID: 1 Comm: init (an older report)",
                "[    3.0] Kernel panic - not syncing: sysrq triggered crash  ",
                "[    3.0] CPU: 1 PID: 47 Comm: sh Tainted: G           O       6.1.192 #1");
        assertThat(CrashEvidence.crashedCpu(f, tail)).contains(1);
        assertThat(CrashEvidence.crashedCpu(f, tail.subList(0, 2)))
                .as("no CPU line after the fault")
                .isEmpty();
    }

    @Test
    void theOpenCommandsNameTheRunsFilesAndVmlinuxAndTheCrashedCpusThread() throws Exception {
        Path build = Files.createDirectory(dir.resolve("build"));
        Files.writeString(build.resolve("vmlinux-gdb.py"), "");
        Path vmlinux = Files.writeString(build.resolve("vmlinux"), "");
        Path run = dir.resolve("run");
        List<String> lines = OpenCommands.of(
                List.of(run.resolve("vmcore"), run.resolve("vmcore.kdump")), Optional.of(vmlinux), Optional.of(1), run);
        assertThat(lines)
                .anyMatch(l -> l.startsWith("gdb:   gdb -q -iex 'add-auto-load-safe-path " + build + "' " + vmlinux
                        + " -ex 'core-file " + run.resolve("vmcore") + "' -ex 'thread 2'"));
        assertThat(lines)
                .contains(
                        "crash: crash " + vmlinux + " " + run.resolve("vmcore.kdump"),
                        "drgn:  drgn -c " + run.resolve("vmcore") + " -s " + vmlinux);
        assertThat(lines).anyMatch(l -> l.startsWith("mzsh:  mzsh crash " + run));
    }

    @Test
    void withoutDebugInfoTheCommandsSayWhatIsMissing() {
        Path run = dir.resolve("run");
        List<String> lines = OpenCommands.of(List.of(run.resolve("vmcore")), Optional.empty(), Optional.empty(), run);
        assertThat(lines).anyMatch(l -> l.contains("set architecture i386:x86-64") && !l.contains("thread"));
        assertThat(lines).anyMatch(l -> l.contains("crash VMLINUX " + run.resolve("vmcore")));
        assertThat(VmcoreSymbols.missing("6.1.0-57-amd64"))
                .contains(
                        "kernel-configs/debug.config",
                        "--kernel-build",
                        "linux-image-6.1.0-57-amd64-dbg",
                        "/usr/lib/debug/boot/vmlinux-6.1.0-57-amd64");
    }

    @Test
    void debiansDebugVmlinuxIsFoundWhenNoneIsGiven() throws Exception {
        Path dbg = Files.writeString(dir.resolve("vmlinux-6.1.0-57-amd64"), "");
        assertThat(VmcoreSymbols.find(Optional.empty(), "6.1.0-57-amd64", dir)).contains(dbg);
        assertThat(VmcoreSymbols.find(Optional.empty(), "other", dir)).isEmpty();
        Path given = dir.resolve("mine");
        assertThat(VmcoreSymbols.find(Optional.of(given), "6.1.0-57-amd64", dir))
                .contains(given.toAbsolutePath());
    }
}
