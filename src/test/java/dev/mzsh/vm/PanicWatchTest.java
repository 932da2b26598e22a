package dev.mzsh.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mzsh.vm.GuestFault.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The kernel's own report headers, as printk prints them, with and without prefixes. */
class PanicWatchTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "[    3.500000] Kernel panic - not syncing: Fatal exception | PANIC",
                "Kernel panic - not syncing: VFS: Unable to mount root fs | PANIC",
                "<0>[    9.1] Kernel panic - not syncing: sysrq triggered crash | PANIC",
                "[   12.345678] Oops: 0002 [#1] PREEMPT SMP NOPTI | OOPS",
                "[    5.0] general protection fault, probably for non-canonical address 0xdffffc0000000001: 0000 [#1] PREEMPT SMP KASAN NOPTI | OOPS",
                "[    5.0] invalid opcode: 0000 [#1] PREEMPT SMP | OOPS",
                "[    7.2] [    T1] BUG: KASAN: slab-out-of-bounds in memorizer_test+0x42/0x80 | BUG",
                "[    4.4] BUG: kernel NULL pointer dereference, address: 0000000000000000 | BUG",
                "[    4.4] kernel BUG at mm/slub.c:4321! | BUG",
                "BUG: soft lockup - CPU#0 stuck for 22s! [sh:101] | LOCKUP",
                "[   48.775321] watchdog: BUG: soft lockup - CPU#0 stuck for 45s! [insmod:93] | LOCKUP",
                "[   30.1] watchdog: Watchdog detected hard LOCKUP on cpu 1 | LOCKUP",
                "progress 42%[   61.000001] BUG: KASAN: use-after-free in kfree+0x1/0x2 | BUG",
                "BUG: mzsh test fault \u001b]0;pwned\u0007 | BUG",
            })
    void reportsTheKernelsOwnHeaders(String line, Kind kind) {
        assertThat(PanicWatch.classify(line)).contains(kind);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "[    0.2] panic=-1 on the command line",
                "echo BUG: not a kernel report",
                "[    2.0] sh: echo BUG: typed at the shell",
                "test: Kernel panic - not syncing is what this test looks for",
                "ok 3 Oops-free run",
                "Oops-free run",
                "[    1.0] ---[ end trace 0000000000000000 ]---",
                "[    1.0] WARNING: CPU: 0 PID: 1 at mm/memorizer/memorizer.c:99 memorizer_init+0x1/0x2",
            })
    void ignoresLinesThatMerelyMentionAFailure(String line) {
        assertThat(PanicWatch.classify(line)).isEmpty();
    }
}
