package dev.mzsh.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotKeyTest {
    @TempDir
    Path dir;

    Path qemu;
    Path kernel;
    Path initrd;

    @BeforeEach
    void files() throws Exception {
        qemu = Files.writeString(dir.resolve("qemu"), "qemu binary");
        kernel = Files.writeString(dir.resolve("bzImage"), "kernel");
        initrd = Files.writeString(dir.resolve("initrd.img"), "initrd");
    }

    private List<String> args(Path run, Path sock, String mem, int port, Path initrdFile) {
        return new ArrayList<>(List.of(
                qemu.toString(),
                "-m",
                mem,
                "-kernel",
                kernel.toString(),
                "-initrd",
                initrdFile.toString(),
                "-append",
                "console=ttyS0 mzsh.sim=newest",
                "-chardev",
                "socket,id=agent,path=" + sock + "/agent.sock,server=on,wait=off",
                "-fsdev",
                "local,id=run,path=" + run + "/guest,security_model=mapped-xattr",
                "-netdev",
                "user,id=net0,restrict=on,hostfwd=tcp:127.0.0.1:" + port + "-:22"));
    }

    private SnapshotKey key(List<String> args, Path run, Path sock) throws Exception {
        return SnapshotKey.of(args, List.of(sock, run), "");
    }

    @Test
    void runSpecificPathsAndTheForwardedPortDoNotChangeTheKey() throws Exception {
        Path runA = dir.resolve("runs/a");
        Path runB = dir.resolve("runs/b");
        Path initrdB = Files.writeString(dir.resolve("other-copy.img"), "initrd");
        SnapshotKey a = key(args(runA, runA.resolve("sock-1"), "1024M", 2222, initrd), runA, runA.resolve("sock-1"));
        SnapshotKey b = key(args(runB, Path.of("/tmp/sock-9"), "1024M", 2223, initrdB), runB, Path.of("/tmp/sock-9"));
        assertThat(a).isEqualTo(b);
    }

    @Test
    void whatShapesTheGuestChangesTheKey() throws Exception {
        Path run = dir.resolve("run");
        Path sock = run.resolve("sock");
        SnapshotKey base = key(args(run, sock, "1024M", 22, initrd), run, sock);
        assertThat(key(args(run, sock, "2048M", 22, initrd), run, sock)).isNotEqualTo(base);
        List<String> appended = args(run, sock, "1024M", 22, initrd);
        appended.set(appended.indexOf("-append") + 1, "console=ttyS0 mzsh.sim=v26");
        assertThat(key(appended, run, sock)).isNotEqualTo(base);
        List<String> device = args(run, sock, "1024M", 22, initrd);
        device.addAll(List.of("-device", "vmcoreinfo"));
        assertThat(key(device, run, sock)).isNotEqualTo(base);

        Files.writeString(initrd, "initrd with another init");
        assertThat(key(args(run, sock, "1024M", 22, initrd), run, sock)).isNotEqualTo(base);
        Files.writeString(initrd, "initrd");
        assertThat(key(args(run, sock, "1024M", 22, initrd), run, sock)).isEqualTo(base);

        Files.writeString(kernel, "another kernel");
        assertThat(key(args(run, sock, "1024M", 22, initrd), run, sock)).isNotEqualTo(base);
        Files.writeString(kernel, "kernel");

        Files.writeString(qemu, "qemu binary, another version");
        assertThat(key(args(run, sock, "1024M", 22, initrd), run, sock)).isNotEqualTo(base);
    }

    @Test
    void theHostCpuCountsWhenTheGuestCpuDependsOnIt() throws Exception {
        Path run = dir.resolve("run");
        List<String> a = args(run, run, "1024M", 22, initrd);
        assertThat(SnapshotKey.of(a, List.of(run), "model name: A"))
                .isNotEqualTo(SnapshotKey.of(a, List.of(run), "model name: B"));
    }

    @Test
    void theGdbstubDoesNotShapeTheGuest() throws Exception {
        Path run = dir.resolve("run");
        List<String> plain = args(run, run, "1024M", 22, initrd);
        List<String> withGdb = new ArrayList<>(plain);
        withGdb.addAll(List.of("-gdb", "unix:" + run + "/gdb.sock,server=on,wait=off", "-S"));
        assertThat(key(withGdb, run, run)).isEqualTo(key(plain, run, run));
    }
}
