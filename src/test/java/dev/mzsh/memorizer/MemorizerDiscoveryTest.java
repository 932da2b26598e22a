package dev.mzsh.memorizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mzsh.machine.ExecResult;
import dev.mzsh.machine.SharedDirectory;
import dev.mzsh.machine.Target;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Discovery parses one guest command's listing and states (the guest side runs in MemorizerVerbsIT). */
class MemorizerDiscoveryTest {
    private static Target answering(int status, String stdout) {
        return new dev.mzsh.machine.FakeTarget(new SharedDirectory(Path.of("/tmp"), "/mnt/mzsh")) {
            @Override
            public ExecResult exec(String command, Duration timeout, OutputStream out, OutputStream err)
                    throws java.io.IOException {
                out.write(stdout.getBytes(StandardCharsets.UTF_8));
                return new ExecResult(status, false);
            }
        };
    }

    @Test
    void listingAndStatesComeFromOneCommand() throws Exception {
        Memorizer m = Memorizer.discover(
                answering(
                        0,
                        "clear_dead_objs\nclear_printed_list\nkmap\nmemorizer_enabled\n"
                                + "memorizer_log_access\nprint_live_obj\nstats\n--mzsh-states--\n"
                                + "memorizer_enabled 3 - memorizer enabled, marked processes, no irq, proc root = 77\n"
                                + "memorizer_log_access Y\nprint_live_obj N\n"),
                "6.1.0");
        assertThat(m.abi().generation()).isEqualTo(Generation.V66_OLD);
        assertThat(m.abi().files()).hasSize(7).doesNotContain("--mzsh-states--");
        assertThat(m.lastKnownMode()).contains(new Mode(3));
        assertThat(m.lastKnownSwitch(Switch.LOG_ACCESS)).contains(true);
        assertThat(m.lastKnownSwitch(Switch.LOG_LIVE)).contains(false);
        assertThat(m.lastKnownSwitch(Switch.LOG_CALLS)).isEmpty();
    }

    @Test
    void discoveryReadsBackEverySwitchUnderEachOfItsNames() throws Exception {
        StringBuilder sent = new StringBuilder();
        Target recording = new dev.mzsh.machine.FakeTarget(null) {
            @Override
            public ExecResult exec(String command, Duration timeout, OutputStream out, OutputStream err) {
                sent.append(command);
                return new ExecResult(0, false);
            }
        };
        Memorizer.discover(recording, "6.1.0");
        for (Switch s : Switch.values()) {
            assertThat(s.control().names()).allSatisfy(name -> assertThat(sent).contains(" " + name));
        }
    }

    private static final String FOUR_X = "cfg_log_on\ncfgmap\nclear_dead_objs\nclear_printed_list\nkmap\n"
            + "memorizer_enabled\nmemorizer_log_access\nprint_live_obj\nshow_stats\n--mzsh-states--\n";

    @Test
    void fourXBooleanIsReadBackAndModesAboveOneAreRefused() throws Exception {
        Memorizer m =
                Memorizer.discover(answering(0, FOUR_X + "memorizer_enabled Y\nmemorizer_log_access N\n"), "4.10");
        assertThat(m.abi().generation()).isEqualTo(Generation.V4X);
        assertThat(m.lastKnownMode()).contains(new Mode(1));
        assertThatThrownBy(() -> m.arm(new Mode(3)))
                .isInstanceOf(MemorizerException.class)
                .hasMessageContaining("has only on/off");
        assertThatThrownBy(() -> m.write(Control.ENABLED, "4242")).hasMessageContaining("has only on/off");
        assertThatThrownBy(() -> m.enableLine(new Mode(2))).hasMessageContaining("use 'enable 1' or 'disable'");
        assertThat(m.enableLine(new Mode(1))).contains("echo -n 1 > /sys/kernel/debug/memorizer/memorizer_enabled");
    }

    @Test
    void aReadBackMzshDoesNotKnowIsNotFatal() throws Exception {
        Memorizer m = Memorizer.discover(
                answering(
                        0, FOUR_X.replace("cfgmap\n", "") + "memorizer_enabled on, somehow\nmemorizer_log_access Y\n"),
                "6.6");
        assertThat(m.abi().generation()).isEqualTo(Generation.V66_OLD);
        assertThat(m.lastKnownMode()).isEmpty();
        assertThat(m.lastKnownSwitch(Switch.LOG_ACCESS)).contains(true);
    }

    @Test
    void theProcEntryTellsNewestFromV26() throws Exception {
        String renamed = "clear_dead_objects\nclear_printed_list\nkmap\nlog_accesses_enabled\nmemorizer_enabled\n"
                + "stats\n--mzsh-states--\nmemorizer_enabled 0 - memorizer disabled\n";
        assertThat(Memorizer.discover(answering(0, renamed + "--mzsh-proc-entry--\n"), "6.8")
                        .abi()
                        .generation())
                .isEqualTo(Generation.NEWEST);
        assertThat(Memorizer.discover(answering(0, renamed), "6.6").abi().generation())
                .isEqualTo(Generation.V26);
    }

    @Test
    void memorizerSimsAbiParameterTellsNewestFromV26() throws Exception {
        String renamed = "clear_dead_objects\nclear_printed_list\nkmap\nlog_accesses_enabled\nmemorizer_enabled\n"
                + "stats\n--mzsh-states--\nmemorizer_enabled 0 - memorizer disabled\n";
        MemorizerAbi newest = Memorizer.discover(answering(0, renamed + "--mzsh-sim-abi-- newest\n"), "6.1")
                .abi();
        assertThat(newest.generation()).isEqualTo(Generation.NEWEST);
        assertThat(newest.simulated()).isTrue();
        assertThat(Memorizer.discover(answering(0, renamed + "--mzsh-sim-abi-- current\n"), "6.1")
                        .abi()
                        .generation())
                .as("current is the sim's alias of newest")
                .isEqualTo(Generation.NEWEST);
        MemorizerAbi v26 = Memorizer.discover(answering(0, renamed + "--mzsh-sim-abi-- v26\n"), "6.1")
                .abi();
        assertThat(v26.generation()).isEqualTo(Generation.V26);
        assertThat(v26.simulated()).isTrue();
        MemorizerAbi real = Memorizer.discover(answering(0, renamed), "6.6").abi();
        assertThat(real.generation()).isEqualTo(Generation.V26);
        assertThat(real.simulated()).isFalse();
    }

    @Test
    void theSimsWordNeverOverridesTheFiles() throws Exception {
        String old = "clear_dead_objs\nclear_printed_list\nkmap\nmemorizer_enabled\nmemorizer_log_access\n"
                + "print_live_obj\nshow_stats\n--mzsh-states--\nmemorizer_enabled 0 - memorizer disabled\n";
        assertThat(Memorizer.discover(answering(0, old + "--mzsh-sim-abi-- newest\n"), "6.1")
                        .abi()
                        .generation())
                .isEqualTo(Generation.V66_OLD);
        String renamed = "clear_dead_objects\nlog_accesses_enabled\nmemorizer_enabled\n--mzsh-states--\n";
        assertThat(Memorizer.discover(answering(0, renamed + "--mzsh-sim-abi-- \u001b]0;x\u0007\n"), "6.1")
                        .abi()
                        .generation())
                .isEqualTo(Generation.V26);
    }

    @Test
    void discoveryAsksForTheSimsParameterInTheSameCommand() throws Exception {
        StringBuilder sent = new StringBuilder();
        Target recording = new dev.mzsh.machine.FakeTarget(null) {
            @Override
            public ExecResult exec(String command, Duration timeout, OutputStream out, OutputStream err) {
                sent.append(command);
                return new ExecResult(0, false);
            }
        };
        Memorizer.discover(recording, "6.1.0");
        assertThat(sent).contains(MemorizerAbi.SIM_ABI_PARAMETER);
    }

    @Test
    void aFailedReadBackNamesNoVerb() throws Exception {
        // enable writes the mode and then reads it back; the read's failure once said "status: ..."
        Target failing = new dev.mzsh.machine.FakeTarget(null) {
            @Override
            public ExecResult exec(String command, Duration timeout, OutputStream out, OutputStream err)
                    throws java.io.IOException {
                if (command.startsWith("cat ")) {
                    err.write("cat: read error: Invalid argument\n".getBytes(StandardCharsets.UTF_8));
                    return new ExecResult(1, false);
                }
                out.write("memorizer_enabled\n--mzsh-states--\n".getBytes(StandardCharsets.UTF_8));
                return new ExecResult(0, false);
            }
        };
        Memorizer m = Memorizer.discover(failing, "6.1.0");
        assertThatThrownBy(m::mode)
                .isInstanceOf(MemorizerException.class)
                .hasMessage("cat: read error: Invalid argument");
    }

    @Test
    void noDirectoryMeansNoMemorizer() {
        assertThatThrownBy(() -> Memorizer.discover(answering(44, ""), "6.1.0-56-amd64"))
                .isInstanceOf(NoMemorizerException.class)
                .hasMessageContaining("6.1.0-56-amd64 has no /sys/kernel/debug/memorizer");
    }
}
