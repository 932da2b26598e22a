package dev.mzsh.host;

import java.util.ArrayList;
import java.util.List;

/**
 * Installs what the host lacks, as root (Debian packages through {@link AptInstaller});
 * as another user it only names the fix. The one place mzsh installs anything:
 * {@code mzsh setup}, {@code mzsh initramfs} and the entry point before a session
 * starts call it; booting a guest only checks.
 */
public final class Provisioner {
    private Provisioner() {}

    /**
     * The host's tools, installing missing ones when running as root.
     *
     * @param everything also the optional tools (gdb, ...)
     * @throws HostMissingException naming the fix, when not root and something is missing
     */
    public static HostProbe checkedHost(boolean everything) {
        return probe(everything, AptInstaller.isRoot());
    }

    /** The host's required tools, never installing: the boot path's check (exit status 4 with the fix). */
    public static HostProbe required() {
        return probe(false, false);
    }

    private static HostProbe probe(boolean everything, boolean install) {
        HostProbe probe = new HostProbe();
        List<Finding> findings = probe.findAll();
        List<String> missing = HostProbe.missingPackages(findings, everything);
        if (missing.isEmpty()) {
            return probe;
        }
        if (!install) {
            List<String> names = findings.stream()
                    .filter(f -> !f.found() && (everything || f.requirement().required()))
                    .map(f -> f.requirement().name())
                    .toList();
            throw new HostMissingException(String.join(", ", names), missing);
        }
        AptInstaller.install(missing);
        return new HostProbe(); // what apt just installed is looked for again
    }

    /**
     * As root, before a session: the required tools, and for the stock kernel the
     * kernel and (for memorizer-sim) its headers. Does nothing for other users: the
     * boot then reports what is missing with the fix (exit status 4).
     */
    public static void provisionAsRoot(boolean stockKernel, boolean simModule) {
        provisionAsRoot(stockKernel, simModule, false);
    }

    /** As above; {@code sshServer}: also what --ssh-port needs (dropbear, sftp-server). */
    public static void provisionAsRoot(boolean stockKernel, boolean simModule, boolean sshServer) {
        if (!AptInstaller.isRoot()) {
            return;
        }
        HostProbe probe = checkedHost(false);
        if (sshServer) {
            List<Requirement> ssh = new ArrayList<>(HostProbe.SSH_SERVER);
            ssh.add(HostProbe.SFTP_SERVER);
            List<String> missing =
                    HostProbe.missingPackages(ssh.stream().map(probe::find).toList(), true);
            if (!missing.isEmpty()) {
                AptInstaller.install(missing);
            }
        }
        if (!stockKernel) {
            return;
        }
        List<String> packages = new ArrayList<>();
        try {
            GuestKernel k = KernelLocator.stock();
            if (simModule && k.buildDir().isEmpty()) {
                packages.add("linux-headers-" + k.release());
            }
        } catch (HostMissingException e) {
            packages.addAll(List.of(KernelLocator.STOCK_PACKAGE, KernelLocator.HEADERS_PACKAGE));
        }
        if (!packages.isEmpty()) {
            AptInstaller.install(packages);
        }
    }
}
