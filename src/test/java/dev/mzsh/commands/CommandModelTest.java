package dev.mzsh.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mzsh.testing.InProcessShell;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The verbs as one picocli tree: help's one-liners, and fixed values checked by picocli before anything boots. */
class CommandModelTest {
    @TempDir
    Path dir;

    private InProcessShell shell;

    @BeforeEach
    void setUp() throws Exception {
        shell = InProcessShell.withoutGuest(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        shell.close();
    }

    @Test
    void helpListsEveryVerbWithItsHeader() {
        assertThat(shell.run("help")).isZero();
        String help = shell.err();
        CommandLine.Model.CommandSpec model = shell.shell().model();
        assertThat(shell.shell().verbs())
                .hasSizeGreaterThanOrEqualTo(23)
                .contains("log-access", "clear-dead", "stream-kmap", "record", "quit")
                .doesNotContain("exit");
        for (String verb : shell.shell().verbs()) {
            String[] header = model.subcommands()
                    .get(verb)
                    .getCommandSpec()
                    .usageMessage()
                    .header();
            assertThat(header).as("%s has a one-line header", verb).hasSize(1);
            assertThat(help)
                    .as("help lists %s", verb)
                    .containsPattern("(?m)^  " + verb + " +" + java.util.regex.Pattern.quote(header[0]) + "$");
        }
    }

    @Test
    void aLineBuildsOnlyTheVerbItNamesYetEveryNameAndAliasIsKnown() throws Exception {
        for (String name : shell.shell().model().subcommands().keySet()) {
            assertThat(Verbs.isVerb(name)).as(name).isTrue();
            CommandLine tree = Verbs.commandLine(shell.shell(), null, ShellLine.parse(name + " --help"));
            assertThat(tree.getSubcommands()).as(name).containsKey(name);
            if (!name.equals("help")) {
                assertThat(tree.getSubcommands().values().stream().distinct())
                        .as(name)
                        .hasSize(1);
            }
        }
        assertThat(Verbs.isVerb("ecex")).isFalse();
        assertThat(Verbs.commandLine(shell.shell(), null, ShellLine.parse("ecex ls"))
                        .getSubcommands())
                .containsOnlyKeys(shell.shell().model().subcommands().keySet());
    }

    @Test
    void helpOfOneVerbShowsItsUsageAsTypedInTheShell() {
        assertThat(shell.run("help record")).isZero();
        assertThat(shell.err()).contains("Usage: record [COMMAND]", "start", "stop");
    }

    private void assertUsageErrorListing(String line, String... choices) {
        shell.clearOutput();
        assertThat(shell.run(line)).as(line).isEqualTo(ExitStatus.USAGE);
        String m = shell.err();
        assertThat(m.lines()).as("one line").hasSize(1);
        assertThat(m).startsWith("mzsh: " + line.split(" ")[0] + ": ").contains(choices);
        assertThat(shell.session().currentGuest())
                .as("nothing boots for a usage error")
                .isEmpty();
    }

    @Test
    void badFixedValuesArePicocliUsageErrorsListingTheChoices() {
        assertUsageErrorListing(
                "enable frob", "Invalid value", "'frob' is not a mode", "0 1 2 3, a pid, off, system or process");
        assertUsageErrorListing("log-access maybe", "Invalid value", "expected one of [on, off]", "'maybe'");
        assertUsageErrorListing("stream-kmap go", "'go'", "expected one of [start, stop]");
        assertUsageErrorListing("console loud", "expected one of [on, off]");
        assertUsageErrorListing("experiment --mode 7 -- ls", "expected one of [1, 2, 3]");
        assertUsageErrorListing("record pause", "'pause'", "expected one of [start, stop]");
    }

    @Test
    void aParentVerbAloneAsksForItsSubcommand() {
        assertThat(shell.run("stream-kmap")).isEqualTo(ExitStatus.USAGE);
        assertThat(shell.err()).contains("stream-kmap: Missing subcommand: give one of start, stop");
    }

    @Test
    void unknownVerbsAndAliases() {
        assertThat(shell.run("frobnicate")).isEqualTo(ExitStatus.USAGE);
        assertThat(shell.err()).contains("unknown command 'frobnicate'");
        assertThat(shell.run("exit")).isZero();
        assertThat(shell.shell().quitRequested()).isTrue();
    }
}
