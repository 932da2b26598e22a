package dev.mzsh.guest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every name the host and mzsh's guest share, in one place. The image builder writes
 * them into the image as shell assignments ({@link #FILE}) that the guest init sources,
 * so initramfs-root/ repeats none of them.
 */
public final class GuestContract {
    /** The 9p mount tag of the run's share. */
    public static final String SHARE_TAG = "mzshrun";
    /** Where the guest mounts the run's share. */
    public static final String SHARE = "/mnt/mzsh";
    /** The agent's exchange directory, inside the share. */
    public static final String AGENT_DIR = ".agent";
    /** The virtio-serial port of the control channel. */
    public static final String AGENT_PORT = "mzsh.agent";
    /** The static copier (guest-tools/mzsh-copy.c). */
    public static final String COPY_TOOL = "/sbin/mzsh-copy";
    /** memorizer-sim, under /lib/modules/RELEASE/. */
    public static final String SIM_MODULE = "extra/memorizer_sim.ko";
    /** The kernel modules init loads, one dependency level a line. */
    public static final String MODULES_LOAD = "/etc/mzsh/modules.load";
    /** The network card's modules (with --net). */
    public static final String MODULES_NET_LOAD = "/etc/mzsh/modules-net.load";
    /** The repo's bats-tests/ as baked into the image. */
    public static final String BAKED_BATS_TESTS = "/usr/share/mzsh/bats-tests";
    /** Where init puts the run's SSH host key for dropbear. */
    public static final String SSH_HOST_KEY = "/etc/dropbear/dropbear_ed25519_host_key";
    /** The contract in the image, relative to its root. */
    public static final String FILE = "etc/mzsh/contract";

    private GuestContract() {}

    /** The names as the guest init reads them. */
    public static Map<String, String> variables() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("MZSH_SHARE_TAG", SHARE_TAG);
        v.put("MZSH_SHARE", SHARE);
        v.put("MZSH_AGENT_DIR", SHARE + "/" + AGENT_DIR);
        v.put("MZSH_AGENT_PORT", AGENT_PORT);
        v.put("MZSH_SIM_MODULE", SIM_MODULE);
        v.put("MZSH_MODULES_LOAD", MODULES_LOAD);
        v.put("MZSH_MODULES_NET_LOAD", MODULES_NET_LOAD);
        v.put("MZSH_SSH_HOST_KEY", SSH_HOST_KEY);
        return v;
    }

    /** {@link #variables()} as a shell file; every value is a plain path or name, quoted all the same. */
    public static String shellText() {
        StringBuilder b =
                new StringBuilder("# mzsh's guest contract (dev.mzsh.guest.GuestContract); sourced by init\n");
        variables()
                .forEach((k, val) -> b.append(k)
                        .append("='")
                        .append(val.replace("'", "'\\''"))
                        .append("'\n"));
        return b.toString();
    }
}
