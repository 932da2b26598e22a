package dev.mzsh.commands;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "source",
        header = "Run the commands of a script file, as 'mzsh -f FILE' does.",
        description = {
            "%nOne command per line, # comments; the first failing command stops the script and is its status. "
                    + "A script sourcing itself (directly or not) is refused.%n"
        })
public final class SourceCommand extends Verb {
    @Parameters(paramLabel = "FILE", description = "the script")
    Path file;

    @Override
    public Integer call() throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UsageException("source: " + file + ": no such file");
        }
        return shell.source(file, Script.lines(text));
    }
}
