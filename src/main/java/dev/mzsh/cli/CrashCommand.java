package dev.mzsh.cli;

import dev.mzsh.commands.UsageException;
import dev.mzsh.host.HostMissingException;
import dev.mzsh.host.HostProbe;
import dev.mzsh.session.CrashDump;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "crash",
        mixinStandardHelpOptions = true,
        description = {
            "Open a run's crash dump (RUN_DIR/vmcore) in gdb, offline: the kernel's symbols and lx- helpers "
                    + "(lx-dmesg, lx-ps, ...) load when vmlinux-gdb.py sits beside the vmlinux, and gdb starts in the "
                    + "thread of the CPU that crashed, so 'bt' shows the panicking task.",
            "The vmlinux is --vmlinux, else the one the run used, else Debian's debug package's "
                    + "(/usr/lib/debug/boot/vmlinux-RELEASE). Without one gdb reads only registers and raw memory, and "
                    + "mzsh says how to get the symbols.",
            "With -ex, gdb runs those commands and exits (batch); otherwise it is interactive on this terminal."
        })
public final class CrashCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN_DIR", description = "a run directory that holds a vmcore")
    Path runDir;

    /** --vmlinux (a global option) names the crashed kernel's vmlinux. */
    @ParentCommand
    Main parent;

    @Option(names = "-ex", paramLabel = "CMD", description = "a gdb command to run (repeatable); then gdb exits")
    List<String> commands = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Path vmlinux = parent == null ? null : parent.guest.vmlinux;
        if (vmlinux != null && !vmlinux.toFile().isFile()) {
            throw new UsageException("--vmlinux " + vmlinux + ": no such file");
        }
        CrashDump dump;
        try {
            dump = CrashDump.load(runDir);
        } catch (NoSuchFileException e) {
            throw new UsageException("crash: " + e.getMessage());
        }
        var gdb = new HostProbe().find(HostProbe.GDB);
        if (!gdb.found()) {
            throw new HostMissingException("gdb (needed to open a crash dump)", List.of(HostProbe.GDB.debianPackage()));
        }
        Optional<Path> symbols = dump.symbols(Optional.ofNullable(vmlinux));
        if (symbols.isEmpty()) {
            System.err.println("mzsh: " + dump.missingSymbols());
        }
        List<String> cmd = new ArrayList<>(dump.gdbCommand(gdb.path().get(), symbols));
        if (!commands.isEmpty()) {
            cmd.add(1, "-batch");
            for (String c : commands) {
                cmd.addAll(List.of("-ex", c));
            }
        }
        // gdb is a debugger on a file, not a guest: it may have the terminal itself
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        return p.waitFor();
    }
}
