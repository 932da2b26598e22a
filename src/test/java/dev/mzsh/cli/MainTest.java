package dev.mzsh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {
    @Test
    void aNamedSubcommandIsTheOnlyOneInTheTree() {
        for (String name : Main.SUBCOMMANDS) {
            assertThat(Main.commandLine(name, "--help").getSubcommands())
                    .as(name)
                    .containsOnlyKeys(name);
        }
    }

    @Test
    void optionsFirstHelpOrAMisspeltNameGetEverySubcommand() {
        String[] all = Main.SUBCOMMANDS.toArray(String[]::new);
        assertThat(Main.commandLine().getSubcommands()).containsOnlyKeys(all);
        assertThat(Main.commandLine("--help").getSubcommands()).containsOnlyKeys(all);
        assertThat(Main.commandLine("--vmlinux", "v", "kmap").getSubcommands()).containsOnlyKeys(all);
        assertThat(Main.commandLine("kmpa").getSubcommands()).containsOnlyKeys(all);
    }

    @Test
    void aBatchRunBuildsNoSubcommandUnlessOneIsNamedOrHelpAsked() {
        String[] all = Main.SUBCOMMANDS.toArray(String[]::new);
        assertThat(Main.commandLine("-c", "exec true").getSubcommands()).isEmpty();
        assertThat(Main.commandLine("--cold", "-f", "x.mzsh").getSubcommands()).isEmpty();
        String[] batch = {"--run-dir", "r", "-c", "exec true"};
        assertThat(Main.commandLine(batch).parseArgs(batch).matchedOptionValue("-c", ""))
                .isEqualTo("exec true");
        assertThat(Main.commandLine("-c", "exec true", "--help").getSubcommands())
                .containsOnlyKeys(all);
        assertThat(Main.commandLine("-c", "exec true", "kmap").getSubcommands()).containsOnlyKeys(all);
    }

    @Test
    void helpListsEverySubcommand() {
        StringWriter text = new StringWriter();
        CommandLine cl = Main.commandLine("--help");
        cl.setOut(new PrintWriter(text));
        assertThat(cl.execute("--help")).isZero();
        assertThat(text.toString()).contains(Main.SUBCOMMANDS);
    }

    @Test
    void aNamedKmapSubcommandIsTheOnlyOneUnderKmap() {
        for (String name : KmapCommand.SUBCOMMANDS) {
            assertThat(Main.commandLine("kmap", name, "f")
                            .getSubcommands()
                            .get("kmap")
                            .getSubcommands())
                    .as(name)
                    .containsOnlyKeys(name);
        }
        String[] all = KmapCommand.SUBCOMMANDS.toArray(String[]::new);
        assertThat(Main.commandLine("kmap").getSubcommands().get("kmap").getSubcommands())
                .containsOnlyKeys(all);
        assertThat(Main.commandLine("kmap", "--help")
                        .getSubcommands()
                        .get("kmap")
                        .getSubcommands())
                .containsOnlyKeys(all);
        assertThat(Main.commandLine("kmap", "acess")
                        .getSubcommands()
                        .get("kmap")
                        .getSubcommands())
                .containsOnlyKeys(all);
        assertThat(Main.commandLine("--help").getSubcommands().get("kmap").getSubcommands())
                .containsOnlyKeys(all);
    }

    @Test
    void aKmapSubcommandBuiltAloneHasHelpAndItsOptions() {
        StringWriter text = new StringWriter();
        CommandLine cl = Main.commandLine("kmap", "access", "--help");
        cl.setOut(new PrintWriter(text));
        assertThat(cl.execute("kmap", "access", "--help")).isZero();
        assertThat(text.toString()).contains("--csv", "--graphml", "--lenient", "--help", "--version");
    }

    @Test
    void theKmapTreeStillTakesTheInheritedVmlinuxOption() {
        CommandLine.ParseResult r = Main.commandLine("kmap", "summary", "--vmlinux", "/v", "f")
                .parseArgs("kmap", "summary", "--vmlinux", "/v", "f");
        Object vmlinux = r.subcommand().subcommand().matchedOptionValue("--vmlinux", null);
        assertThat(String.valueOf(vmlinux)).isEqualTo("/v");
    }

    @Test
    void kmapNamedFirstTakesVmlinuxButNoGuestOption() {
        CommandLine cl = Main.commandLine("kmap", "access", "--help");
        Object root = cl.getCommand();
        assertThat(root).isInstanceOf(KmapRoot.class);
        StringWriter text = new StringWriter();
        cl.setOut(new PrintWriter(text));
        assertThat(cl.execute("kmap", "access", "--help")).isZero();
        assertThat(text.toString()).contains("--vmlinux", "--csv").doesNotContain("--kernel", "--cold", "--net");

        StringWriter err = new StringWriter();
        CommandLine guest = Main.commandLine("kmap", "summary", "--kernel", "bzImage", "f");
        guest.setErr(new PrintWriter(err));
        assertThat(guest.execute("kmap", "summary", "--kernel", "bzImage", "f"))
                .isEqualTo(dev.mzsh.commands.ExitStatus.USAGE);
    }

    @Test
    void vmlinuxBeforeKmapStillReachesItsAnalyses() {
        String[] args = {"--vmlinux", "/v", "kmap", "summary", "f"};
        CommandLine cl = Main.commandLine(args);
        Object root = cl.getCommand();
        assertThat(root).isInstanceOf(Main.class);
        cl.parseArgs(args);
        KmapCommand kmap = cl.getSubcommands().get("kmap").getCommand();
        assertThat(kmap.parent.vmlinux()).hasToString("/v");

        String[] after = {"kmap", "summary", "--vmlinux", "/w", "f"};
        CommandLine kmapFirst = Main.commandLine(after);
        kmapFirst.parseArgs(after);
        KmapCommand named = kmapFirst.getSubcommands().get("kmap").getCommand();
        assertThat(named.parent.vmlinux()).hasToString("/w");
    }

    @Test
    void theLauncherSavesNoClassArchiveForAnySubcommand() throws Exception {
        String launcher = java.nio.file.Files.readString(java.nio.file.Path.of("mzsh"));
        String body = launcher.substring(launcher.indexOf("shell_run() {"));
        String cases = body.substring(0, body.indexOf(")\n"));
        for (String name : Main.SUBCOMMANDS) {
            assertThat(cases).as("./mzsh shell_run names " + name).containsPattern("(^|[ (])" + name + " \\|");
        }
    }
}
