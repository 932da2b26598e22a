package dev.mzsh.session;

import dev.mzsh.host.HostMissingException;
import dev.mzsh.host.HostProbe;
import dev.mzsh.host.Requirement;
import java.nio.file.Path;
import java.util.List;

/**
 * The host programs a run starts or ships beside the guest (gdb, bats-core), found by
 * the host layer's probe, so the verbs above reach the host only through the session.
 * A missing one is a {@link HostMissingException} naming the package that brings it.
 */
public final class HostTools {
    private HostTools() {}

    /** gdb, to debug the guest kernel over QEMU's gdbstub. */
    public static Path gdb() {
        return find(HostProbe.GDB, "gdb (to debug the guest kernel)");
    }

    /** The host's bats-core, to upload to a machine that has no bats. */
    public static Path bats() {
        return find(HostProbe.BATS, "bats (to upload to a machine that has none)");
    }

    /** The program {@code tool} names, or what is missing and the package that brings it. */
    public static Path find(Requirement tool, String what) {
        var f = new HostProbe().find(tool);
        if (!f.found()) {
            throw new HostMissingException(what, List.of(tool.debianPackage()));
        }
        return f.path().get();
    }
}
