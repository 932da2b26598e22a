package dev.mzsh.memorizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class MemorizerAbiTest {
    private static final List<String> CURRENT = List.of(
            "accesses",
            "allocations",
            "clear_dead_objects",
            "clear_function_calls",
            "clear_printed_list",
            "kmap",
            "kmap_stream",
            "log_accesses_enabled",
            "log_calls_enabled",
            "log_frames_enabled",
            "log_live_enabled",
            "memorizer_enabled",
            "stats",
            "verbose_warnings_enabled");
    private static final List<String> SEED = List.of(
            "clear_dead_objs",
            "clear_printed_list",
            "kmap",
            "memorizer_enabled",
            "memorizer_log_access",
            "print_live_obj",
            "show_stats");
    private static final List<String> FOUR_X = List.of(
            "cfg_log_on",
            "cfgmap",
            "clear_dead_objs",
            "clear_printed_list",
            "global_table",
            "kmap",
            "memorizer_enabled",
            "memorizer_log_access",
            "print_live_obj",
            "show_stats",
            "stack_trace_on");

    private static MemorizerAbi abi(List<String> files) {
        return MemorizerAbi.of(new TreeSet<>(files));
    }

    @Test
    void currentNamesMapEveryControl() {
        MemorizerAbi a = abi(CURRENT);
        assertThat(a.generation()).isEqualTo(Generation.V26);
        assertThat(MemorizerAbi.of(new TreeSet<>(CURRENT), "0 - memorizer disabled", true)
                        .generation())
                .isEqualTo(Generation.NEWEST);
        assertThat(a.path(Control.STATS)).isEqualTo(MemorizerAbi.DIR + "/stats");
        assertThat(a.path(Control.CLEAR_PRINTED)).isEqualTo(MemorizerAbi.DIR + "/clear_printed_list");
        assertThat(a.path(Control.LOG_ACCESS)).isEqualTo(MemorizerAbi.DIR + "/log_accesses_enabled");
        assertThat(a.file(Control.CLEAR_DEAD)).contains("clear_dead_objects");
        assertThat(a.has(Control.LOG_CALLS)).isTrue();
    }

    @Test
    void seedNamesAreAliasesOfTheSameControls() {
        MemorizerAbi a = abi(SEED);
        assertThat(a.generation()).isEqualTo(Generation.V66_OLD);
        assertThat(a.path(Control.STATS)).isEqualTo(MemorizerAbi.DIR + "/show_stats");
        assertThat(a.file(Control.LOG_ACCESS)).contains("memorizer_log_access");
        assertThat(a.file(Control.LOG_LIVE)).contains("print_live_obj");
        assertThat(a.file(Control.CLEAR_PRINTED)).contains("clear_printed_list");
    }

    @Test
    void fourXIsToldByItsBooleanOrCfgmap() {
        assertThat(abi(FOUR_X).generation()).isEqualTo(Generation.V4X);
        assertThat(abi(FOUR_X).generation().hasModes()).isFalse();
        List<String> noCfgmap = FOUR_X.stream().filter(f -> !f.equals("cfgmap")).toList();
        assertThat(MemorizerAbi.of(new TreeSet<>(noCfgmap), "N", false).generation())
                .isEqualTo(Generation.V4X);
        assertThat(MemorizerAbi.of(new TreeSet<>(noCfgmap), "0 - memorizer disabled", false)
                        .generation())
                .isEqualTo(Generation.V66_OLD);
        assertThat(abi(FOUR_X).path(Control.STATS)).endsWith("/show_stats");
    }

    @Test
    void noGenerationHasClearPrintedObjects() {
        assertThat(Control.CLEAR_PRINTED.names()).containsExactly("clear_printed_list");
        assertThat(abi(List.of("memorizer_enabled", "clear_printed_objects")).has(Control.CLEAR_PRINTED))
                .isFalse();
    }

    @Test
    void statsProvesNoGeneration() {
        // The legacy sim exposes stats too; only the access and clear files decide.
        assertThat(abi(List.of("memorizer_enabled", "kmap", "stats")).generation())
                .isEqualTo(Generation.MIXED);
        assertThat(abi(List.of("memorizer_enabled", "log_accesses_enabled", "clear_object_list"))
                        .file(Control.CLEAR_DEAD))
                .contains("clear_object_list");
    }

    @Test
    void aMissingFileNamesTheFilesThatExist() {
        assertThatThrownBy(() -> abi(SEED).path(Control.LOG_CALLS))
                .isInstanceOf(MemorizerException.class)
                .as("the memorizer layer names no verb; the shell puts it in front")
                .hasMessageStartingWith("this kernel has no log_calls_enabled")
                .hasMessageContaining("it has: clear_dead_objs clear_printed_list kmap");
        assertThat(abi(SEED).has(Control.STATS)).isTrue();
    }

    @Test
    void modesParseWordsNumbersAndPids() {
        assertThat(Mode.parse("system").value()).isEqualTo(1);
        assertThat(Mode.parse("process").value()).isEqualTo(3);
        assertThat(Mode.parse("off")).isEqualTo(Mode.OFF);
        assertThat(Mode.parse("2").marksWriter()).isTrue();
        assertThat(Mode.parse("1").marksWriter()).isFalse();
        assertThat(Mode.parse("4242").describe()).isEqualTo("4242 (pid 4242 and its later children)");
        assertThatThrownBy(() -> Mode.parse("-1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Mode.parse("fast")).hasMessageContaining("give 0 1 2 3, a pid");
    }

    @Test
    void modeIsReadBackFromTheFirstNumberTheKernelPrints() {
        assertThat(Mode.fromKernel("1 - memorizer enabled, all processes\n").value())
                .isEqualTo(1);
        assertThat(Mode.fromKernel("0\n").value()).isEqualTo(0);
        assertThat(Mode.fromKernel("4242 - memorizer enabled, pid 4242").value())
                .isEqualTo(4242);
        assertThatThrownBy(() -> Mode.fromKernel("enabled"))
                .isInstanceOf(MemorizerException.class)
                .hasMessageContaining("'enabled'");
    }

    @Test
    void fourXBooleanReadsBackAsOnOrOff() {
        assertThat(Mode.fromKernel("Y\n")).isEqualTo(new Mode(1));
        assertThat(Mode.fromKernel("N")).isEqualTo(Mode.OFF);
        assertThat(Mode.readBack("maybe")).isEmpty();
        assertThat(Mode.readBack("99999999999999999999")).isEmpty();
    }
}
