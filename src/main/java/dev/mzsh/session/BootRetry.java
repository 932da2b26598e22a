package dev.mzsh.session;

import dev.mzsh.vm.Accelerator;
import dev.mzsh.vm.GuestFault;
import java.util.Optional;

/**
 * Whether a failed cold boot may be tried once more. Only boots that ran nothing of the
 * user's qualify (the agent never started), and only for failures that point away from the
 * kernel under test: a kernel that never printed a byte, or, under TCG, a CPU the kernel's
 * lockup detector found stuck (soak evidence: one boot in 300 looped on an int3 that
 * text_poke_bp had already replaced, in an exiting insmod; a stale translation of
 * cross-modified code in QEMU's multi-threaded TCG).
 */
final class BootRetry {
    private BootRetry() {}

    /** Why a second boot is sound after {@code failure}, or empty when the failure stands. */
    static Optional<String> reason(GuestFailedException failure, Accelerator accel, boolean halted) {
        if (halted || failure.lastBootStage().isEmpty()) {
            return Optional.empty();
        }
        if (failure.lastBootStage().get().equals(BootWatch.QEMU_STARTED)) {
            return Optional.of("the kernel never started");
        }
        if (accel == Accelerator.TCG && failure.bootFault().equals(Optional.of(GuestFault.Kind.LOCKUP))) {
            return Optional.of("a CPU locked up before the agent started, as QEMU's software emulation rarely"
                    + " does (the first boot's console stays in console.log)");
        }
        return Optional.empty();
    }
}
