package dev.mzsh.machine;

import java.util.Optional;

/** What the host can tell about a guest besides its agent: its process, its console, its CPUs. */
public interface GuestVitals {
    /** Why the guest is dead or broken (QEMU exited; Oops, BUG or panic on its console), or empty. */
    Optional<String> failure();

    /**
     * Whether the guest's CPUs are meant to run now; false while a debugger or the
     * user stopped them, when a silent agent means nothing.
     */
    boolean cpusRunning();

    /** A guest nothing is known about: never failed, always running (tests, other targets). */
    GuestVitals UNKNOWN = new GuestVitals() {
        @Override
        public Optional<String> failure() {
            return Optional.empty();
        }

        @Override
        public boolean cpusRunning() {
            return true;
        }
    };
}
