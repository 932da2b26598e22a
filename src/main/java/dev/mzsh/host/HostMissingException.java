package dev.mzsh.host;

import java.util.List;

/** Something the host lacks; carries the packages that fix it (exit status 4). */
public class HostMissingException extends RuntimeException {
    private final List<String> packages;

    public HostMissingException(String what, List<String> packages) {
        super(what);
        this.packages = List.copyOf(packages);
    }

    public List<String> packages() {
        return packages;
    }

    /** The exact command that fixes it, or an empty string when no package does. */
    public String fix() {
        return packages.isEmpty() ? "" : AptInstaller.commandLine(packages);
    }
}
