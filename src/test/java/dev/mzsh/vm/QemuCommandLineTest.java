package dev.mzsh.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class QemuCommandLineTest {
    private final QemuSettings settings = new QemuSettings(
            Path.of("/usr/bin/qemu-system-x86_64"),
            Path.of("/boot/vmlinuz"),
            Path.of("/run/initrd.img"),
            KernelCommandLine.build(4, "current", "quiet x=1"),
            1024,
            2,
            Accelerator.TCG,
            Path.of("/run/guest"),
            ShareSecurity.XATTR,
            Path.of("/run/sock-1/agent.sock"),
            Path.of("/run/sock-1/qmp.sock"),
            List.of());

    @Test
    void buildsFromSettings() {
        List<String> a = QemuCommandLine.build(settings);
        assertThat(String.join(" ", a))
                .contains(
                        "-machine q35,accel=tcg",
                        "-cpu max,pmu=off",
                        "-m 1024M",
                        "-smp 2",
                        "-no-reboot",
                        "-kernel /boot/vmlinuz",
                        "-initrd /run/initrd.img",
                        "name=mzsh.agent",
                        "mount_tag=mzshrun",
                        "-device pvpanic",
                        "panic=pause",
                        "-device vmcoreinfo",
                        "-device vmgenid,guid=auto");
        assertThat(a.get(a.indexOf("-append") + 1))
                .startsWith("console=ttyS0 panic=-1 nokaslr no_hash_pointers split_lock_detect=off audit=0 loglevel=8 "
                        + "memorizer_enabled_boot=no memalloc_size=4")
                .endsWith("quiet x=1");
    }

    @Test
    void listensOnlyOnUnixSockets() {
        String line = String.join(" ", QemuCommandLine.build(settings));
        assertThat(line).doesNotContain("tcp:").doesNotContain("-s ").doesNotContain("hostfwd");
        assertThat(line)
                .contains(
                        "socket,id=agent,path=/run/sock-1/agent.sock,server=on,wait=off",
                        "-qmp unix:/run/sock-1/qmp.sock");
    }

    @Test
    void onlyTheGuestSubdirectoryIsSharedAndGuestModesStayMetadata() {
        List<String> a = QemuCommandLine.build(settings);
        assertThat(a.get(a.indexOf("-fsdev") + 1))
                .isEqualTo("local,id=run,path=/run/guest,security_model=mapped-xattr");
    }

    @Test
    void noGdbstubAndRunningCpusByDefault() {
        List<String> a = QemuCommandLine.build(settings);
        assertThat(a).doesNotContain("-gdb", "-S", "-s");
    }

    @Test
    void gdbWaitAddsAUnixSocketGdbstubAndHaltedCpus() {
        List<String> a = QemuCommandLine.build(settings.withGdb(Path.of("/run/sock-1/gdb.sock"), true));
        assertThat(a.get(a.indexOf("-gdb") + 1)).isEqualTo("unix:/run/sock-1/gdb.sock,server=on,wait=off");
        assertThat(a).contains("-S").doesNotContain("-s");
    }

    @Test
    void aGdbstubAtLaunchNeedNotHaltTheCpus() {
        List<String> a = QemuCommandLine.build(settings.withGdb(Path.of("/run/sock-1/gdb.sock"), false));
        assertThat(a)
                .contains("-gdb", "unix:/run/sock-1/gdb.sock,server=on,wait=off")
                .doesNotContain("-S");
        assertThat(String.join(" ", a)).doesNotContain("tcp:");
    }

    @Test
    void shellFormQuotesWhatNeedsIt() {
        assertThat(QemuCommandLine.toShell(List.of("qemu", "-append", "a b 'c'", "-m", "1G")))
                .isEqualTo("qemu -append 'a b '\\''c'\\''' -m 1G");
    }

    @Test
    void noNetworkCardByDefault() {
        List<String> a = QemuCommandLine.build(settings);
        assertThat(a).contains("-nodefaults").doesNotContain("-netdev", "-nic", "-net");
        assertThat(String.join(" ", a)).doesNotContain("virtio-net", "mzsh.net");
    }

    @Test
    void theSshForwardBindsLoopbackOnly() {
        List<String> a =
                QemuCommandLine.build(settings.withNetwork(new UserNetwork(false, java.util.Optional.of(2222))));
        assertThat(a.get(a.indexOf("-netdev") + 1)).isEqualTo("user,id=net0,hostfwd=tcp:127.0.0.1:2222-:22");
        assertThat(a).contains("virtio-net-pci,netdev=net0");
        assertThat(a.stream().filter(x -> x.contains("hostfwd")))
                .allMatch(x -> x.matches(".*hostfwd=tcp:127\\.0\\.0\\.1:\\d+-:22"));
    }

    @Test
    void aRestrictedNetworkKeepsOnlyTheForwards() {
        List<String> a =
                QemuCommandLine.build(settings.withNetwork(new UserNetwork(true, java.util.Optional.of(2222))));
        assertThat(a.get(a.indexOf("-netdev") + 1))
                .isEqualTo("user,id=net0,restrict=on,hostfwd=tcp:127.0.0.1:2222-:22");
    }

    @Test
    void userNetworkWithoutSshHasNoForward() {
        List<String> a =
                QemuCommandLine.build(settings.withNetwork(new UserNetwork(false, java.util.Optional.empty())));
        assertThat(a.get(a.indexOf("-netdev") + 1)).isEqualTo("user,id=net0");
    }

    @Test
    void theGuestInitIsToldAboutTheNetworkOnlyWhenThereIsOne() {
        assertThat(KernelCommandLine.build(4, "newest", true, "x=1"))
                .contains(" mzsh.net=user ")
                .endsWith("x=1");
        assertThat(KernelCommandLine.build(4, "newest", false, "")).doesNotContain("mzsh.net");
    }

    @Test
    void portsOutsideTcpsRangeAreRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new UserNetwork(false, java.util.Optional.of(0)))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new UserNetwork(false, java.util.Optional.of(65536)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
