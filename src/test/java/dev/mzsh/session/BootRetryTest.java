package dev.mzsh.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mzsh.vm.Accelerator;
import dev.mzsh.vm.GuestFault;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A second boot only where nothing of the user's ran and the failure points away from the kernel. */
class BootRetryTest {
    private static GuestFailedException boot(String stage, GuestFault.Kind fault) {
        return new GuestFailedException("boot failed", List.of(), stage, fault);
    }

    @Test
    void aKernelThatNeverPrintedIsBootedAgain() {
        assertThat(BootRetry.reason(boot(BootWatch.QEMU_STARTED, null), Accelerator.KVM, false))
                .hasValueSatisfying(r -> assertThat(r).contains("never started"));
    }

    @Test
    void aLockupBeforeTheAgentUnderTcgIsBootedAgain() {
        assertThat(BootRetry.reason(boot("modules", GuestFault.Kind.LOCKUP), Accelerator.TCG, false))
                .hasValueSatisfying(r -> assertThat(r).contains("locked up").contains("console.log"));
    }

    @Test
    void aLockupUnderKvmIsTheKernelsAndStands() {
        assertThat(BootRetry.reason(boot("modules", GuestFault.Kind.LOCKUP), Accelerator.KVM, false))
                .isEmpty();
    }

    @Test
    void oopsesPanicsAndSilenceStand() {
        assertThat(BootRetry.reason(boot("init", GuestFault.Kind.OOPS), Accelerator.TCG, false))
                .isEmpty();
        assertThat(BootRetry.reason(boot("init", GuestFault.Kind.PANIC), Accelerator.TCG, false))
                .isEmpty();
        assertThat(BootRetry.reason(boot("init", null), Accelerator.TCG, false)).isEmpty();
    }

    @Test
    void aBootUnderTheDebuggerOrAFailureAfterBootStands() {
        assertThat(BootRetry.reason(boot(BootWatch.QEMU_STARTED, null), Accelerator.TCG, true))
                .isEmpty();
        assertThat(BootRetry.reason(new GuestFailedException("the guest died", List.of()), Accelerator.TCG, false))
                .isEmpty();
    }
}
