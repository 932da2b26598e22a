package dev.mzsh.commands;

import dev.mzsh.session.Recording;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "record",
        description = {"Record the commands entered from now on into a script: record start FILE, record stop.",
            "%nOnly the commands are written, one per line and flushed at once: not their output, not the record "
                + "commands, not gdb or console attaches (a script has no terminal for them). 'mzsh -f FILE' or "
                + "'source FILE' replays them. An existing FILE is never overwritten.%n"})
public final class RecordCommand implements Callable<Integer>, Unreplayable {
    @Parameters(index = "0", paramLabel = "start|stop", description = "start or stop")
    String action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "FILE", description = "the script to write (record start)")
    Path file;

    private final ShellContext ctx;

    public RecordCommand(ShellContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws IOException {
        switch (action) {
            case "start" -> start();
            case "stop" -> stop();
            default -> throw new UsageException("record: say 'record start FILE' or 'record stop', not '" + action + "'");
        }
        return 0;
    }

    private void start() throws IOException {
        if (file == null) {
            throw new UsageException("record start: name the script to write, e.g. 'record start experiment.mzsh'");
        }
        Recording r;
        try {
            r = ctx.session().startRecording(file);
        } catch (IllegalStateException e) {
            throw new UsageException("record start: " + e.getMessage() + "; 'record stop' first");
        } catch (FileAlreadyExistsException e) {
            throw new UsageException("record start: " + file + " exists; choose another name (it is never overwritten)");
        } catch (NoSuchFileException e) {
            throw new UsageException("record start: cannot create " + file + ": its directory does not exist");
        }
        ctx.report().println("mzsh: recording commands to " + r.file() + "; 'record stop' ends it");
    }

    private void stop() throws IOException {
        if (file != null) {
            throw new UsageException("record stop takes no file");
        }
        Optional<Recording> r = ctx.session().stopRecording();
        if (r.isEmpty()) {
            throw new UsageException("record stop: nothing is being recorded; 'record start FILE' begins");
        }
        int n = r.get().commands();
        ctx.report().println("mzsh: recorded " + n + " command" + (n == 1 ? "" : "s") + " in " + r.get().file()
                + "; replay: mzsh -f " + r.get().file());
    }
}
