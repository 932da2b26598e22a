package dev.mzsh.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mzsh.commands.ExitStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Walks the entry point's whole picocli tree, so a subcommand added later is checked
 * without anyone listing it here: every command answers --help, lists its options with
 * their defaults, and its parent's list shows its whole description.
 */
class HelpTreeTest {
    /** Every command path below the root: [doctor], [kmap], [kmap, summary], ... */
    private static List<List<String>> paths(CommandLine cl, List<String> prefix) {
        List<List<String>> all = new ArrayList<>();
        for (CommandLine sub : cl.getSubcommands().values()) {
            List<String> path = new ArrayList<>(prefix);
            path.add(sub.getCommandName());
            all.add(path);
            all.addAll(paths(sub, path));
        }
        return all;
    }

    private static List<List<String>> allPaths() {
        List<List<String>> all = new ArrayList<>();
        all.add(List.of());
        all.addAll(paths(Main.commandLine(), List.of()));
        return all;
    }

    record Help(int status, String text, CommandSpec spec) {}

    /** {@code mzsh PATH... --help} through the same tree main() builds for those arguments. */
    private static Help help(List<String> path) {
        String[] args = Stream.concat(path.stream(), Stream.of("--help")).toArray(String[]::new);
        CommandLine cl = Main.commandLine(args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int status = cl.execute(args);
        CommandLine target = cl;
        for (String name : path) {
            target = target.getSubcommands().get(name);
        }
        assertThat(err.toString()).as(String.join(" ", path)).isEmpty();
        return new Help(status, out.toString(), target.getCommandSpec());
    }

    private static String flat(String text) {
        return text.replaceAll("\\s+", " ");
    }

    @Test
    void theTreeHasTheNestedCommandsThisTestIsAbout() {
        assertThat(allPaths())
                .contains(
                        List.of("kmap", "summary"),
                        List.of("kmap", "csv"),
                        List.of("kernel", "build"),
                        List.of("doctor"),
                        List.of("setup"),
                        List.of("initramfs"));
    }

    @Test
    void everyCommandAnswersHelpWithItsOwnUsageAndEveryOption() {
        for (List<String> path : allPaths()) {
            Help h = help(path);
            String name = String.join(
                    " ", Stream.concat(Stream.of("mzsh"), path.stream()).toList());
            assertThat(h.status()).as(name + " --help").isZero();
            assertThat(h.text()).as(name).startsWith("Usage: " + name).contains("2   usage error");
            for (OptionSpec o : h.spec().options()) {
                if (!o.hidden()) {
                    assertThat(h.text())
                            .as(name + " --help lists " + o.longestName())
                            .contains(o.longestName());
                }
            }
        }
    }

    @Test
    void everyOptionWithADefaultShowsIt() {
        for (List<String> path : allPaths()) {
            Help h = help(path);
            for (OptionSpec o : h.spec().options()) {
                Object initial = o.defaultValue() != null ? o.defaultValue() : o.initialValue();
                boolean hasDefault = initial != null
                        && !(initial instanceof Boolean)
                        && !(initial instanceof Collection<?> c && c.isEmpty())
                        && !"".equals(initial);
                if (hasDefault) {
                    String described = String.join(" ", o.description());
                    assertThat(described)
                            .as(path + " " + o.longestName() + " has the default " + initial)
                            .contains("default");
                    assertThat(flat(h.text()))
                            .as(path + " " + o.longestName())
                            .contains("default: " + initial)
                            .doesNotContain("${DEFAULT-VALUE}");
                }
            }
        }
    }

    @Test
    void memoryShowsTheDefaultOfEachKernelKind() {
        assertThat(flat(help(List.of()).text()))
                .contains("(default: 1024M with Debian's stock kernel, 8192M with any other)");
    }

    @Test
    void everyParentListsItsSubcommandsWholeDescriptions() {
        for (List<String> path : allPaths()) {
            Help h = help(path);
            for (CommandLine sub : h.spec().commandLine().getSubcommands().values()) {
                String summary = CommandList.summary(sub.getCommandSpec().usageMessage());
                assertThat(summary).as(sub.getCommandName()).isNotBlank();
                assertThat(flat(h.text()))
                        .as(path + " lists " + sub.getCommandName())
                        .contains(flat(summary));
            }
        }
        // the one that was cut mid-sentence ("the stock kernel and its")
        assertThat(flat(help(List.of()).text())).contains("headers, build memorizer-sim and the guest initramfs");
    }

    @Test
    void aUsageErrorNamesTheHelpOfTheCommandThatFailed() {
        for (List<String> path : allPaths()) {
            String[] args =
                    Stream.concat(path.stream(), Stream.of("--no-such-option")).toArray(String[]::new);
            CommandLine cl = Main.commandLine(args);
            assertThatThrownBy(() -> cl.parseArgs(args))
                    .isInstanceOfSatisfying(CommandLine.ParameterException.class, e -> {
                        String help = String.join(
                                        " ",
                                        Stream.concat(Stream.of("mzsh"), path.stream())
                                                .toList()) + " --help";
                        assertThat(ExitStatus.message(e, "")).contains("(" + help + " shows the options)");
                        assertThat(ExitStatus.of(e)).isEqualTo(ExitStatus.USAGE);
                    });
        }
    }

    @Test
    void aMissingRequiredOptionDoesNotHideHelp() {
        // kernel build --source and kmap csv FILE --out are required; --help still answers
        assertThat(help(List.of("kernel", "build")).text()).contains("--source=DIR", "--jobs", "--base");
        assertThat(help(List.of("kmap", "csv")).text()).contains("--out=DIR", "--lenient");
    }
}
