package dev.mzsh.commands;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "quit", aliases = "exit", header = "Power the guest off and leave mzsh.")
public final class QuitCommand implements Callable<Integer> {
    private final Shell shell;

    public QuitCommand(Shell shell) {
        this.shell = shell;
    }

    @Override
    public Integer call() {
        shell.requestQuit();
        return 0;
    }
}
