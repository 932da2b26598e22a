package dev.mzsh.e2e;

import static dev.mzsh.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mzsh.session.GdbEndpoint;
import dev.mzsh.session.Guest;
import dev.mzsh.testing.InProcessShell;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gdb verb with the real QEMU gdbstub and the real host gdb, driven through a scripted front end. */
class GdbIT {
    private static final String PROMPT = "\\(gdb\\) ";
    private static final Duration LONG = Duration.ofSeconds(60);
    private static final Duration SHORT = Duration.ofSeconds(20);

    @TempDir
    Path work;

    @Test
    void gdbAttachesToTheRunningGuestReadsRegistersAndLeavesItRunning() throws Exception {
        ScriptedForeground fg = new ScriptedForeground();
        try (InProcessShell sh = InProcessShell.booting(work.resolve("run"), fg)) {
            assertThat(sh.run("exec true")).as(sh.err()).isZero();
            Guest guest = sh.session().currentGuest().orElseThrow();
            assertThat(guest.gdbSocket()).isEmpty();

            fg.next(s -> {
                s.await(PROMPT, LONG);
                assertNoTcpListeners(guest.qemu().pid());
                assertThat(guest.runState()).as("attaching stops the guest").isNotEqualTo("running");
                s.type("info registers rip\n");
                Matcher rip = s.await("rip\\s+(0x[0-9a-f]+)", SHORT);
                // A running kernel is somewhere in its text: the top 2 GiB of the address space.
                assertThat(new java.math.BigInteger(rip.group(1).substring(2), 16))
                        .isGreaterThanOrEqualTo(new java.math.BigInteger("ffffffff80000000", 16));
                s.await(PROMPT, SHORT);
                s.type("continue\n");
                s.await("Continuing\\.", SHORT);
                awaitState(guest, "running");
                s.type("\u0003"); // interrupt, as a user would
                s.await(PROMPT, LONG);
                s.type("quit\n");
                s.await("\\(y or n\\) ", SHORT);
                s.type("y\n");
                s.endpoint.ended().get(SHORT.toSeconds(), TimeUnit.SECONDS);
            });
            assertThat(sh.run("gdb")).as(sh.err()).isZero();
            Path stub = guest.gdbSocket().orElseThrow();
            assertThat(sh.err()).contains("gdb on " + stub);
            assertPrivate(stub);
            awaitState(guest, "running");
            sh.clearOutput();
            assertThat(sh.run("exec echo alive")).as(sh.err()).isZero();
            assertThat(sh.out()).isEqualTo("alive\n");

            // Ctrl-] while gdb runs: the verb detaches and ends gdb; the guest goes on.
            fg.next(s -> {
                s.await(PROMPT, LONG);
                s.type("continue\n");
                s.await("Continuing\\.", SHORT);
            });
            sh.clearOutput();
            assertThat(sh.run("gdb")).as(sh.err()).isZero();
            GdbEndpoint second = (GdbEndpoint) fg.lastEndpoint;
            assertThat(second.ended()).isDone();
            assertThat(Files.exists(Path.of("/proc/" + second.process().pid())))
                    .as("no stray gdb")
                    .isFalse();
            assertThat(sh.err()).contains("gdb on " + stub, "gdb ended (detached");
            assertThat(guest.runState()).isEqualTo("running");
            sh.clearOutput();
            assertThat(sh.run("exec echo still alive")).as(sh.err()).isZero();
            assertThat(sh.out()).isEqualTo("still alive\n");
            sh.clearOutput();
            assertThat(sh.run("status")).isZero();
            assertThat(sh.err()).contains("gdbstub        " + stub);
        }
    }

    @Test
    void gdbOnARestoredGuestHitsABreakpointAndReadsRegisters() throws Exception {
        try (InProcessShell first = InProcessShell.booting(work.resolve("first"), new ScriptedForeground())) {
            assertThat(first.run("exec true")).as(first.err()).isZero(); // makes sure a snapshot exists
        }
        ScriptedForeground fg = new ScriptedForeground();
        try (InProcessShell sh = InProcessShell.booting(work.resolve("run"), fg)) {
            assertThat(sh.run("exec grep ' T schedule$' /proc/kallsyms"))
                    .as(sh.err())
                    .isZero();
            Guest guest = sh.session().currentGuest().orElseThrow();
            assertThat(guest.origin()).startsWith("restored from snapshot ");
            String schedule = "0x" + sh.out().strip().split(" ")[0];
            fg.next(s -> {
                s.await(PROMPT, LONG);
                s.type("hbreak *" + schedule + "\n");
                s.await(PROMPT, SHORT);
                s.type("continue\n");
                s.await("Breakpoint 1, \\S*" + schedule, LONG); // gdb may colour the address
                s.await(PROMPT, SHORT);
                s.type("info registers rip\n");
                Matcher rip = s.await("rip\\s+(0x[0-9a-f]+)", SHORT);
                assertThat(rip.group(1)).isEqualTo(schedule);
                s.await(PROMPT, SHORT);
                s.type("delete 1\n"); // a number: gdb asks no confirmation
                s.await(PROMPT, SHORT);
                s.type("detach\n");
                s.await(PROMPT, SHORT);
                s.type("quit\n");
                s.endpoint.ended().get(SHORT.toSeconds(), TimeUnit.SECONDS);
            });
            assertThat(sh.run("gdb")).as(sh.err()).isZero();
            awaitState(guest, "running");
            sh.clearOutput();
            assertThat(sh.run("exec echo alive")).as(sh.err()).isZero();
            assertThat(sh.out()).isEqualTo("alive\n");
        }
    }

    @Test
    void gdbWaitSeesTheFirstInstructionAndTheGuestBootsWhenGdbContinues() throws Exception {
        ScriptedForeground fg = new ScriptedForeground();
        Path run = work.resolve("run");
        try (InProcessShell sh = InProcessShell.booting(run, fg)) {
            fg.next(s -> {
                s.await(PROMPT, LONG);
                List<Long> qemu = Mzsh.qemuProcesses(run.toString());
                assertThat(qemu).hasSize(1);
                String cmdline = new String(
                                Files.readAllBytes(Path.of("/proc/" + qemu.get(0) + "/cmdline")),
                                StandardCharsets.UTF_8)
                        .replace('\0', ' ');
                assertThat(cmdline)
                        .containsPattern(" -gdb unix:/\\S+/gdb\\.sock,server=on,wait=off ")
                        .contains(" -S")
                        .doesNotContain("tcp:");
                assertNoTcpListeners(qemu.get(0));
                s.type("info registers rip\n");
                Matcher rip = s.await("rip\\s+(0x[0-9a-f]+)", SHORT);
                assertThat(rip.group(1)).as("the x86 reset vector").isEqualTo("0xfff0");
                s.type("continue\n");
                s.await("Continuing\\.", SHORT);
                // gdb can lose a Ctrl-C typed while it is still sending the resume packet, so
                // interrupt only once the kernel is visibly running.
                awaitConsole(run, "Linux version");
                s.type("\u0003");
                s.await(PROMPT, LONG);
                s.type("quit\n");
                s.await("\\(y or n\\) ", SHORT);
                s.type("y\n");
                s.endpoint.ended().get(SHORT.toSeconds(), TimeUnit.SECONDS);
            });
            assertThat(sh.run("gdb --wait")).as(sh.err()).isZero();
            Guest guest = sh.session().currentGuest().orElseThrow();
            assertThat(guest.gdbSocket()).isPresent();
            sh.clearOutput();
            assertThat(sh.run("exec echo booted")).as(sh.err()).isZero();
            assertThat(sh.out()).isEqualTo("booted\n");

            sh.clearOutput();
            assertThat(sh.run("gdb --wait")).isEqualTo(2);
            assertThat(sh.err()).contains("poweroff");
        }
    }

    @Test
    void gdbWaitWithoutContinueBootsOnceGdbQuits() throws Exception {
        ScriptedForeground fg = new ScriptedForeground();
        try (InProcessShell sh = InProcessShell.booting(work.resolve("run"), fg)) {
            fg.next(s -> {
                s.await(PROMPT, LONG);
                s.type("quit\n");
                s.await("\\(y or n\\) ", SHORT);
                s.type("y\n");
                s.endpoint.ended().get(SHORT.toSeconds(), TimeUnit.SECONDS);
            });
            assertThat(sh.run("gdb --wait")).as(sh.err()).isZero();
            sh.clearOutput();
            assertThat(sh.run("exec echo booted")).as(sh.err()).isZero();
            assertThat(sh.out()).isEqualTo("booted\n");
        }
    }

    @Test
    void gdbAndConsoleNeedATerminalSoBatchModeSaysSoOnOneLineWithoutBooting() throws Exception {
        for (String verb : List.of("gdb", "gdb --wait", "console")) {
            Path run = work.resolve("run-" + verb.replace(' ', '_'));
            Mzsh.Result r = Mzsh.run(work, "--run-dir", run.toString(), "-c", verb);
            assertThat(r.status()).as(verb).isEqualTo(2);
            assertThat(r.stderr().strip().lines())
                    .as(verb)
                    .singleElement()
                    .asString()
                    .contains("needs an interactive terminal");
            assertThat(run.resolve("console.log")).as("nothing booted").doesNotExist();
        }
    }

    @Test
    void theKernelsGdbHelpersBesideVmlinuxAreLoadedByTheRealGdb() throws Exception {
        // Any ELF serves as the objfile; the helper script only has to announce itself.
        Path vmlinux = work.resolve("vmlinux");
        Files.copy(Path.of("/bin/true"), vmlinux);
        Files.writeString(work.resolve("vmlinux-gdb.py"), "print('lx helpers loaded')\n");
        List<String> cmd = new java.util.ArrayList<>(dev.mzsh.vm.GdbCommandLine.build(
                Path.of("/usr/bin/gdb"), java.util.Optional.of(vmlinux), work.resolve("gdb.sock")));
        // No stub listens here: drop the connect.
        assertThat(cmd.subList(cmd.size() - 2, cmd.size()).get(1)).startsWith("target remote /");
        cmd.subList(cmd.size() - 2, cmd.size()).clear();
        cmd.add("-batch");
        assertThat(runGdb(cmd)).contains("lx helpers loaded");

        // Control: without the -iex gdb declines the script, so the -iex is what makes it load.
        int iex = cmd.indexOf("-iex");
        cmd.remove(iex + 1);
        cmd.remove(iex);
        assertThat(runGdb(cmd)).doesNotContain("lx helpers loaded").contains("auto-load");
    }

    private static String runGdb(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    /**
     * Nothing of QEMU or this JVM listens on TCP (what {@code ss -lntp} shows is the
     * check a user would run); QEMU's sockets are all unix sockets, its gdbstub among them.
     */
    private static void assertNoTcpListeners(long qemuPid) throws Exception {
        List<SocketOwners.Sock> qemu = SocketOwners.of(qemuPid);
        assertThat(qemu)
                .as("QEMU's sockets")
                .isNotEmpty()
                .allSatisfy(sock -> assertThat(sock.table()).isEqualTo("unix"));
        assertThat(qemu)
                .as("QEMU listens on its gdbstub socket")
                .anyMatch(sock -> sock.local().endsWith("/gdb.sock"));
        Process ss = new ProcessBuilder("ss", "-lntp").redirectErrorStream(true).start();
        String listeners = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ss.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(listeners)
                .as("ss -lntp")
                .doesNotContain("pid=" + qemuPid + ",")
                .doesNotContain("pid=" + ProcessHandle.current().pid() + ",");
    }

    /** The socket's directory is the user's alone. */
    private static void assertPrivate(Path socket) throws Exception {
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(socket.getParent())))
                .isEqualTo("rwx------");
    }

    private static void awaitConsole(Path run, String text) throws InterruptedException {
        Path log = run.resolve("console.log");
        eventually(LONG, "\"" + text + "\" in " + log, () -> {
            try {
                return Files.exists(log)
                        && Files.readString(log, StandardCharsets.ISO_8859_1).contains(text);
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }

    private static void awaitState(Guest guest, String state) throws InterruptedException {
        eventually(SHORT, "guest state " + state, guest::runState, state::equals);
    }
}
