package dev.mzsh.commands;

import dev.mzsh.session.Recording;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "record",
        subcommands = {RecordCommand.Start.class, RecordCommand.Stop.class},
        header = "Record the commands entered from now on into a script: record start FILE, record stop.",
        description = {
            "%nOnly the commands are written, one per line and flushed at once: not their output, not the "
                    + "record commands, not gdb or console attaches (a script has no terminal for them). 'mzsh -f FILE' "
                    + "or 'source FILE' replays them. An existing FILE is never overwritten.%n"
        })
public final class RecordCommand implements Unreplayable {
    @Command(name = "start", header = "Start recording into FILE (a new file).")
    static final class Start extends Verb implements Unreplayable {
        @Parameters(paramLabel = "FILE", description = "the script to write")
        Path file;

        @Override
        public Integer call() throws IOException {
            Recording r;
            try {
                r = ctx.session().startRecording(file);
            } catch (IllegalStateException e) {
                throw new UsageException("record start: " + e.getMessage() + "; 'record stop' first");
            } catch (FileAlreadyExistsException e) {
                throw new UsageException(
                        "record start: " + file + " exists; choose another name (it is never " + "overwritten)");
            } catch (NoSuchFileException e) {
                throw new UsageException("record start: cannot create " + file + ": its directory does not exist");
            }
            ctx.report().println("mzsh: recording commands to " + r.file() + "; 'record stop' ends it");
            return 0;
        }
    }

    @Command(name = "stop", header = "End the recording in progress.")
    static final class Stop extends Verb implements Unreplayable {
        @Override
        public Integer call() throws IOException {
            Optional<Recording> r = ctx.session().stopRecording();
            if (r.isEmpty()) {
                throw new UsageException("record stop: nothing is being recorded; 'record start FILE' begins");
            }
            int n = r.get().commands();
            ctx.report()
                    .println("mzsh: recorded " + n + " command" + (n == 1 ? "" : "s") + " in "
                            + r.get().file() + "; replay: mzsh -f " + r.get().file());
            return 0;
        }
    }
}
