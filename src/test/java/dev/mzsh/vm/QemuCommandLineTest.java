package dev.mzsh.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class QemuCommandLineTest {
    private final QemuSettings settings = new QemuSettings(Path.of("/usr/bin/qemu-system-x86_64"),
            Path.of("/boot/vmlinuz"), Path.of("/run/initrd.img"), KernelCommandLine.build(4, "current", "quiet x=1"),
            1024, 2, Accelerator.TCG, Path.of("/run"), Path.of("/run/agent.sock"), Path.of("/run/qmp.sock"),
            List.of());

    @Test
    void buildsFromSettings() {
        List<String> a = QemuCommandLine.build(settings);
        assertThat(String.join(" ", a))
                .contains("-machine q35,accel=tcg", "-cpu max,pmu=off", "-m 1024M", "-smp 2", "-no-reboot",
                        "-kernel /boot/vmlinuz", "-initrd /run/initrd.img", "name=mzsh.agent",
                        "mount_tag=mzshrun", "-device pvpanic", "panic=exit-failure");
        assertThat(a.get(a.indexOf("-append") + 1))
                .startsWith("console=ttyS0 panic=-1 nokaslr no_hash_pointers split_lock_detect=off audit=0 loglevel=8 "
                        + "memorizer_enabled_boot=no memalloc_size=4")
                .endsWith("quiet x=1");
    }

    @Test
    void listensOnlyOnUnixSockets() {
        String line = String.join(" ", QemuCommandLine.build(settings));
        assertThat(line).doesNotContain("tcp:").doesNotContain("-s ").doesNotContain("hostfwd");
        assertThat(line).contains("socket,id=agent,path=/run/agent.sock,server=on,wait=off", "-qmp unix:/run/qmp.sock");
    }

    @Test
    void noGdbstubAndRunningCpusByDefault() {
        List<String> a = QemuCommandLine.build(settings);
        assertThat(a).doesNotContain("-gdb", "-S", "-s");
    }

    @Test
    void gdbWaitAddsALoopbackGdbstubAndHaltedCpus() {
        List<String> a = QemuCommandLine.build(settings.withGdb(41234, true));
        assertThat(a.get(a.indexOf("-gdb") + 1)).isEqualTo("tcp:127.0.0.1:41234");
        assertThat(a).contains("-S").doesNotContain("-s");
    }

    @Test
    void aGdbstubAtLaunchNeedNotHaltTheCpus() {
        List<String> a = QemuCommandLine.build(settings.withGdb(41234, false));
        assertThat(a).contains("-gdb", "tcp:127.0.0.1:41234").doesNotContain("-S");
    }

    @Test
    void shellFormQuotesWhatNeedsIt() {
        assertThat(QemuCommandLine.toShell(List.of("qemu", "-append", "a b 'c'", "-m", "1G")))
                .isEqualTo("qemu -append 'a b '\\''c'\\''' -m 1G");
    }
}
