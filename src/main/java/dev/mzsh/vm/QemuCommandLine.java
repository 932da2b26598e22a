package dev.mzsh.vm;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns {@link QemuSettings} into QEMU's argument list. Everything listens on unix sockets,
 * except the user network's forwards, which bind 127.0.0.1 only.
 */
public final class QemuCommandLine {
    private QemuCommandLine() {}

    public static List<String> build(QemuSettings s) {
        List<String> a = new ArrayList<>();
        a.add(s.qemu().toString());
        a.addAll(List.of("-machine", "q35,accel=" + s.accel().qemuName()));
        a.addAll(List.of("-cpu", s.accel() == Accelerator.KVM ? "host,pmu=off" : "max,pmu=off"));
        a.addAll(List.of("-m", s.memMiB() + "M", "-smp", Integer.toString(s.smp())));
        a.addAll(List.of("-nodefaults", "-no-user-config", "-display", "none", "-no-reboot"));
        a.addAll(List.of("-kernel", s.kernel().toString(), "-initrd", s.initrd().toString(), "-append", s.append()));
        // The console: QEMU's stdio, pipes to mzsh; signal=off lets Ctrl-C reach the guest.
        a.addAll(List.of("-chardev", "stdio,id=console,signal=off", "-serial", "chardev:console"));
        // The control channel: a virtio-serial port, never mixed with the console.
        a.addAll(List.of(
                "-chardev",
                "socket,id=agent,path=" + s.agentSocket() + ",server=on,wait=off",
                "-device",
                "virtio-serial-pci,id=vser0",
                "-device",
                "virtserialport,bus=vser0.0,chardev=agent,name=" + QemuSettings.AGENT_PORT));
        a.addAll(List.of(
                "-fsdev",
                "local,id=run,path=" + s.shareDir() + ",security_model=" + s.shareSecurity(),
                "-device",
                "virtio-9p-pci,fsdev=run,mount_tag=" + QemuSettings.SHARE_TAG));
        a.addAll(List.of("-qmp", "unix:" + s.qmpSocket() + ",server=on,wait=off"));
        // A guest panic stops its CPUs (when the guest has the pvpanic driver), so that mzsh can dump its
        // memory before QEMU ends; vmcoreinfo hands the dump the kernel's layout (the guest writes it
        // through fw_cfg) for crash and drgn. Both devices migrate, so snapshots keep them.
        a.addAll(List.of("-device", "pvpanic", "-action", "panic=pause", "-device", "vmcoreinfo"));
        // A new VM generation ID at every QEMU start: a guest restored from a snapshot reseeds its
        // random generator when it sees the ID change (CONFIG_VMGENID), so two restores differ.
        a.addAll(List.of("-device", "vmgenid,guid=auto"));
        // -nodefaults gives no network card: the guest has one only when asked for.
        s.network().ifPresent(net -> a.addAll(net.qemuArgs()));
        // The gdbstub is a unix socket in a private directory: "-s" or "tcp::PORT" would listen on TCP.
        s.gdbSocket().ifPresent(sock -> a.addAll(List.of("-gdb", GdbStub.address(sock))));
        if (s.halted()) {
            a.add("-S");
        }
        a.addAll(s.extraArgs());
        return a;
    }

    /** The argument list as one shell line a user can paste. */
    public static String toShell(List<String> args) {
        StringBuilder b = new StringBuilder();
        for (String arg : args) {
            if (b.length() > 0) {
                b.append(' ');
            }
            if (arg.matches("[A-Za-z0-9_./:=,+@%-]+")) {
                b.append(arg);
            } else {
                b.append('\'').append(arg.replace("'", "'\\''")).append('\'');
            }
        }
        return b.toString();
    }
}
