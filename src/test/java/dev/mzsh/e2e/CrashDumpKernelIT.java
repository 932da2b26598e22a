package dev.mzsh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash dump of a kernel built with debug info (the shared test kernel: mzsh-guest.config +
 * debug.config) opens in gdb with the lx- helpers, in Debian's crash and in drgn.
 */
class CrashDumpKernelIT {
    @TempDir
    Path work;

    @Test
    void gdbCrashAndDrgnReadTheDumpOfABuiltKernel() throws Exception {
        Path build = TestKernel.buildDir();
        Path vmlinux = build.resolve("vmlinux");
        Path run = work.resolve("run");
        Mzsh.Result r = Mzsh.run(
                work,
                "--kernel-build",
                build.toString(),
                "--run-dir",
                run.toString(),
                "-c",
                "exec echo c > /proc/sysrq-trigger");
        assertThat(r.status()).as(r.stderr()).isEqualTo(3);
        assertThat(Mzsh.qemuProcesses(run.toString())).isEmpty();
        // the printed commands name the run's vmlinux, never a placeholder
        assertThat(r.stderr())
                .contains(
                        "crash dump in",
                        "gdb -q -iex 'add-auto-load-safe-path " + build + "' " + vmlinux,
                        "crash " + vmlinux + " " + run.resolve("vmcore.kdump"))
                .doesNotContain("VMLINUX", "no vmlinux");
        var info = new ObjectMapper().readTree(run.resolve("vmcore.json").toFile());
        int cpu = info.get("cpu").asInt();
        String release = info.get("release").asText();

        // mzsh crash: gdb with the lx- helpers, in the crashed CPU's thread
        Mzsh.Result g = Mzsh.run(work, "crash", run.toString(), "-ex", "bt", "-ex", "lx-dmesg", "-ex", "lx-ps");
        assertThat(g.status()).as(g.stderr()).isZero();
        assertThat(g.out())
                .contains("sysrq_handle_crash", "panic (", "Kernel panic - not syncing: sysrq triggered crash", " sh");

        // plain gdb, as a user would type it
        String gdb = tool(
                List.of(
                        "gdb",
                        "-batch",
                        "-ex",
                        "thread " + (cpu + 1),
                        "-ex",
                        "bt",
                        vmlinux.toString(),
                        run.resolve("vmcore").toString()),
                "");
        assertThat(gdb).contains("sysrq_handle_crash", "__handle_sysrq");

        // Debian's crash opens the compressed dump; its bt shows the panicking task's stack. (This kernel has
        // no padding after sysrq_handle_crash: panic() never returns, so its return address is the next
        // function's first byte, and crash, unlike gdb, names that function instead.)
        String crash = tool(
                List.of(
                        "crash",
                        "-s",
                        vmlinux.toString(),
                        run.resolve("vmcore.kdump").toString()),
                "bt\nsym -l sysrq_handle_crash\nquit\n");
        assertThat(crash)
                .contains("COMMAND: \"sh\"", "CPU: " + cpu, "panic at", "__handle_sysrq at", "write_sysrq_trigger at");

        // drgn reads the ELF dump (the vmcoreinfo note gives it the kernel's layout)
        Path script = Files.writeString(
                work.resolve("release.py"), "print(prog['init_uts_ns'].name.release.string_().decode())\n");
        String drgn = tool(
                List.of(
                        "drgn",
                        "-q",
                        "-c",
                        run.resolve("vmcore").toString(),
                        "-s",
                        vmlinux.toString(),
                        script.toString()),
                "");
        assertThat(drgn.strip()).endsWith(release);
    }

    private static String tool(List<String> cmd, String stdin) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).as(String.join(" ", cmd)).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ":\n" + text).isZero();
        return text;
    }
}
