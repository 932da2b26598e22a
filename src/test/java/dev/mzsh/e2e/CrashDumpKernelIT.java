package dev.mzsh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
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

        // Debian's crash opens the compressed dump; its bt shows the panicking task's stack.
        String crash = tool(
                List.of(
                        "crash",
                        "-s",
                        vmlinux.toString(),
                        run.resolve("vmcore.kdump").toString()),
                "bt\nbt -t\nquit\n");
        assertThat(crash)
                // at -O2 gcc moves __handle_sysrq's unlikely path into __handle_sysrq.cold
                .containsPattern("__handle_sysrq(\\.cold)? at")
                .contains("COMMAND: \"sh\"", "CPU: " + cpu, "panic at", "write_sysrq_trigger at");
        assertCrashShowsSysrqHandleCrash(crash, build.resolve("System.map"));
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

    /** A plain bt frame: " #1 [ffa000000017bdc8] sysrq_handle_crash at ffffffff812112a1". */
    private static final Pattern BT_FRAME = Pattern.compile("(?m)^ *#\\d+ \\[[0-9a-f]+\\] (\\S+) at ([0-9a-f]+)");
    /** A bt -t line, every text address on the stack: "  [ffa000000017bdc8] sysrq_reset_seq_param_set at ffffffff812112a1". */
    private static final Pattern BT_TEXT = Pattern.compile("(?m)^ +\\[[0-9a-f]+\\] (\\S+) at ([0-9a-f]+)");

    /**
     * crash's plain bt shows sysrq_handle_crash. crash 8.0.2 skips any stack word that is the
     * first byte of a function ("ignoring text symbol with no offset" under 'set debug 2'), and
     * sysrq_handle_crash ends with its call to panic(), which never returns: unpadded, the return
     * address that call pushes is the next function's first byte and the frame vanishes.
     * debug.config pads every function to 64 bytes, so the return address stays inside it; the
     * failure message says where it landed.
     */
    private static void assertCrashShowsSysrqHandleCrash(String crash, Path systemMap) throws Exception {
        long start = 0;
        long next = 0;
        boolean found = false;
        for (String line : Files.readAllLines(systemMap)) {
            String[] f = line.split(" ");
            if (f.length == 3 && found && Long.compareUnsigned(Long.parseUnsignedLong(f[0], 16), start) > 0) {
                next = Long.parseUnsignedLong(f[0], 16);
                break;
            }
            if (f.length == 3 && f[2].equals("sysrq_handle_crash")) {
                start = Long.parseUnsignedLong(f[0], 16);
                found = true;
            }
        }
        assertThat(found && next != 0)
                .as("sysrq_handle_crash and the symbol after it in " + systemMap)
                .isTrue();
        long from = start;
        long to = next;
        // bt -t lists every text address on the stack: the return address into sysrq_handle_crash is one
        String returnAddress = BT_TEXT.matcher(crash)
                .results()
                .map(m -> m.group(2))
                .filter(a -> Long.compareUnsigned(Long.parseUnsignedLong(a, 16), from) > 0
                        && Long.compareUnsigned(Long.parseUnsignedLong(a, 16), to) <= 0)
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("no return address into sysrq_handle_crash on the stack:\n" + crash));
        List<String> frames =
                BT_FRAME.matcher(crash).results().map(m -> m.group(1)).toList();
        assertThat(frames)
                .as(
                        "crash's bt frames; the return address into sysrq_handle_crash is %s, the next function starts at"
                                + " %x (equal: the function is not padded; see debug.config)%n%s",
                        returnAddress, next, crash)
                .contains("sysrq_handle_crash");
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
