package dev.mzsh.commands;

import picocli.CommandLine.Command;

@Command(name = "quit", aliases = "exit", header = "Power the guest off and leave mzsh.")
public final class QuitCommand extends Verb {
    @Override
    public Integer call() {
        shell.requestQuit();
        return 0;
    }
}
