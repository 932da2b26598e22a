package dev.mzsh.host;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Installs Debian packages when mzsh runs as root; otherwise only says what to run. */
public final class AptInstaller {
    private AptInstaller() {}

    public static String commandLine(List<String> packages) {
        return "sudo apt-get install -y " + String.join(" ", packages);
    }

    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Runs apt-get (update first), its output on stderr. Throws when it fails. */
    public static void install(List<String> packages) {
        if (packages.isEmpty()) {
            return;
        }
        System.err.println("mzsh: installing host packages: " + String.join(" ", packages));
        run(List.of("apt-get", "update", "-q"));
        List<String> cmd = new ArrayList<>(List.of("apt-get", "install", "-y", "-q", "--no-install-recommends"));
        cmd.addAll(packages);
        run(cmd);
    }

    private static void run(List<String> cmd) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectOutput(ProcessBuilder.Redirect.to(new java.io.File("/dev/stderr")))
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
            int rc = pb.start().waitFor();
            if (rc != 0) {
                throw new HostMissingException(
                        "the packages it tried to install (" + String.join(" ", cmd) + " failed with status " + rc
                                + ")",
                        List.of());
            }
        } catch (IOException e) {
            throw new HostMissingException("a runnable apt-get (" + e.getMessage() + ")", List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostMissingException("the packages it was installing (interrupted)", List.of());
        }
    }
}
