package dev.mzsh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mzsh.testing.InProcessShell;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

class PicocliStartupTest {
    @TempDir
    Path dir;

    @Test
    void noOptionOfAnyCommandOrVerbTakesATypeWhoseConverterIsSkipped() throws Exception {
        List<String> types = new ArrayList<>();
        collect(Main.commandLine().getCommandSpec(), types);
        collect(Main.commandLine("kmap", "access").getCommandSpec(), types); // kmap first: KmapRoot
        try (InProcessShell shell = InProcessShell.withoutGuest(dir)) {
            collect(shell.shell().model(), types);
        }
        assertThat(types).contains("java.nio.file.Path", "int", "java.lang.String");
        for (String type : types) {
            assertThat(PicocliStartup.EXCLUDED_CONVERTERS)
                    .as("%s is converted by a converter PicocliStartup turns off", type)
                    .noneMatch(type::matches);
        }
    }

    @Test
    void buildingTheEntryCommandLineTurnsThemOff() {
        Main.commandLine("kmap", "summary", "--help");
        assertThat(System.getProperty("picocli.disable.closures")).isEqualTo("true");
        assertThat("java.time.Duration"
                        .matches(System.getProperty("picocli.converters.excludes")
                                .split(",")[1]))
                .isTrue();
    }

    private static void collect(CommandSpec spec, List<String> types) {
        for (ArgSpec arg : spec.args()) {
            types.add(arg.type().getName());
            Stream.of(arg.auxiliaryTypes()).map(Class::getName).forEach(types::add);
        }
        for (CommandLine sub : spec.subcommands().values()) {
            collect(sub.getCommandSpec(), types);
        }
    }
}
