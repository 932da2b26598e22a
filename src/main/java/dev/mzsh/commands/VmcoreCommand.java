package dev.mzsh.commands;

import dev.mzsh.session.CrashDump;
import dev.mzsh.session.GdbEndpoint;
import dev.mzsh.session.HostTools;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "vmcore",
        header = "Open a crash dump in gdb, in its own pane: this run's, or RUN_DIR's.",
        description = {
            "%nWhen the guest kernel crashes, mzsh writes its memory to the run directory (vmcore, unless "
                    + "--no-dump). This opens it in gdb as 'gdb' attaches to a live guest: --vmlinux's (or the run's) "
                    + "symbols and the kernel's lx- helpers (lx-dmesg, lx-ps), in the thread of the CPU that crashed, "
                    + "so 'bt' shows the panicking task. Without debug info it says what is missing and how to get it.",
            "%nOffline, without a shell: mzsh crash RUN_DIR. 'quit' or " + Foreground.ESCAPE_NAME
                    + " returns to mzsh.%n"
        })
public final class VmcoreCommand extends Verb implements Unreplayable {
    @Parameters(
            paramLabel = "RUN_DIR",
            arity = "0..1",
            description = "a run directory with a vmcore (default: this run's)")
    Path runDir;

    @Override
    public Integer call() throws Exception {
        if (ctx.foreground() == Foreground.NONE) {
            throw new UsageException("vmcore needs an interactive terminal; in scripts use: mzsh crash RUN_DIR -ex bt");
        }
        Path dir = runDir != null ? runDir : ctx.session().run().path();
        CrashDump dump;
        try {
            dump = CrashDump.load(dir);
        } catch (NoSuchFileException e) {
            throw new CommandFailedException("vmcore: " + e.getMessage());
        }
        Path gdb = HostTools.gdb();
        Optional<Path> symbols = dump.symbols(ctx.session().options().vmlinux());
        if (symbols.isEmpty()) {
            ctx.report().println("vmcore: " + dump.missingSymbols());
        }
        ctx.report().println("gdb on " + dump.elf() + "; 'quit' or " + Foreground.ESCAPE_NAME + " returns to mzsh");
        List<String> command = new ArrayList<>(dump.gdbCommand(gdb, symbols));
        if (symbols.isEmpty()) {
            // the gdb pane covers the results pane: gdb's own last line says why bt shows only "??"
            command.addAll(List.of("-ex", "echo " + gdbEchoText("mzsh: " + dump.missingSymbols()) + "\\n"));
        }
        GdbEndpoint process = GdbEndpoint.start(command);
        try {
            ctx.foreground().attach(process);
        } finally {
            if (process.isAlive()) {
                process.close();
            }
        }
        return 0;
    }

    /**
     * {@code text} for gdb's echo, which reads C escapes: backslashes doubled, and anything but printable
     * ASCII (the release comes from the guest) left out, so nothing in it reaches the terminal as a control.
     */
    static String gdbEchoText(String text) {
        StringBuilder b = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '\\') {
                b.append("\\\\");
            } else if (c >= 0x20 && c < 0x7f) {
                b.append(c);
            }
        }
        return b.toString();
    }

    @Override
    public boolean replayable() {
        return false;
    }
}
