package dev.mzsh.cli;

import dev.mzsh.commands.ExitStatus;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code mzsh kernel build ...}: the researcher's own kernels. */
@Command(
        name = "kernel",
        description = "Build kernels to boot with --kernel-build.",
        subcommands = {KernelBuildCommand.class})
public final class KernelCommand implements Callable<Integer> {
    @ParentCommand
    Main parent;

    @Override
    public Integer call() {
        System.err.println("mzsh: kernel needs a subcommand: build (mzsh kernel build --help)");
        return ExitStatus.USAGE;
    }
}
