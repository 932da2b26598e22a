package dev.mzsh.session;

import dev.mzsh.vm.GuestFault;
import java.util.List;
import java.util.Optional;

/** The guest panicked, oopsed, hung or died: exit status 3, with the console lines that show it. */
public class GuestFailedException extends RuntimeException {
    private final List<String> consoleTail;
    private final String lastBootStage;
    private final GuestFault.Kind bootFault;

    public GuestFailedException(String message, List<String> consoleTail) {
        this(message, consoleTail, null);
    }

    /** A boot that failed after reaching {@code lastBootStage} (BootWatch's stage names). */
    GuestFailedException(String message, List<String> consoleTail, String lastBootStage) {
        this(message, consoleTail, lastBootStage, null);
    }

    /** A boot that the guest kernel's own report of {@code bootFault} ended. */
    GuestFailedException(String message, List<String> consoleTail, String lastBootStage, GuestFault.Kind bootFault) {
        super(message);
        this.consoleTail = List.copyOf(consoleTail);
        this.lastBootStage = lastBootStage;
        this.bootFault = bootFault;
    }

    /** The kind of kernel fault that ended a boot, if one did. */
    public Optional<GuestFault.Kind> bootFault() {
        return Optional.ofNullable(bootFault);
    }

    /** The boot stage last reached when a boot failed, or empty for a failure after the boot. */
    public Optional<String> lastBootStage() {
        return Optional.ofNullable(lastBootStage);
    }

    public List<String> consoleTail() {
        return consoleTail;
    }
}
