package dev.mzsh.session;

import dev.mzsh.guest.GuestContract;
import dev.mzsh.host.GuestKernel;
import dev.mzsh.host.GuestToolBuilder;
import dev.mzsh.host.HostMissingException;
import dev.mzsh.host.HostProbe;
import dev.mzsh.host.SimModuleBuilder;
import dev.mzsh.initramfs.ArchiveCache;
import dev.mzsh.initramfs.Compression;
import dev.mzsh.initramfs.GuestImageBuilder;
import dev.mzsh.initramfs.GuestImageInputs;
import dev.mzsh.initramfs.InputStamp;
import dev.mzsh.initramfs.NetworkParts;
import dev.mzsh.initramfs.SharedLibraries;
import dev.mzsh.kernel.KernelBuildTree;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The guest initramfs for a run's options: what it is made of (its inputs, building the
 * memorizer-sim module and the copy tool when needed) and the recipe that names all of it
 * cheaply, so that an unchanged guest reuses its image without building or checking anything
 * but the copy it boots.
 */
public final class GuestInitramfs {
    private static final List<Path> BATS_TREES =
            List.of(Path.of("/usr/lib/bats-core"), Path.of("/usr/libexec/bats-core"), Path.of("/usr/lib/bats"));

    private final Installation installation;
    private final GuestOptions options;

    public GuestInitramfs(Installation installation, GuestOptions options) {
        this.installation = installation;
        this.options = options;
    }

    public static GuestImageBuilder builder(Installation installation) {
        return new GuestImageBuilder(new ArchiveCache(installation.cacheDir().resolve("initramfs")), Compression.GZIP);
    }

    /** The run's image at {@code out}: reused when its recipe is unchanged, else built. */
    public GuestImageBuilder.Prepared prepare(HostProbe probe, GuestKernel kernel, Path out) throws IOException {
        return builder(installation).prepare(recipe(probe, kernel), () -> inputs(probe, kernel), out);
    }

    /** Whether the image carries memorizer-sim: only a stock-like kernel needs it, and --sim off drops it. */
    private boolean withSim(GuestKernel kernel) {
        return kernel.stock() && !options.sim().equals("off");
    }

    /**
     * Everything {@link #inputs} reads, by size, time and identity: the sources of what it
     * builds (the sim module with the kernel's .config, the copy tool) rather than the built
     * files, the kernel's module index rather than resolved modules, and mzsh's own code.
     */
    InputStamp recipe(HostProbe probe, GuestKernel kernel) throws IOException {
        InputStamp s = new InputStamp()
                .value("release", kernel.release())
                .value("kernel", kernel.image().toAbsolutePath())
                .value("modules", GuestImageInputs.GUEST_MODULES)
                .value("contract", GuestContract.shellText())
                .path(kernel.modulesDir().resolve("modules.dep"))
                .path(kernel.modulesDir().resolve("modules.builtin"))
                .path(probe.require(HostProbe.BUSYBOX))
                .path(probe.require(HostProbe.BASH))
                .path(probe.require(HostProbe.BATS))
                .path(installation.guestToolSources())
                .path(installation.guestRoot())
                .path(installation.batsTests());
        codeOf(s);
        for (Path t : BATS_TREES) {
            s.path(t);
        }
        s.value("sim", withSim(kernel));
        if (withSim(kernel)) {
            s.path(installation.simSources());
            s.value("build", kernel.buildDir());
            if (kernel.buildDir().isPresent()) {
                s.path(kernel.buildDir().get().resolve(".config"));
            }
        }
        for (Path extra : options.extraDirs()) {
            s.path(extra.toAbsolutePath());
        }
        Optional<NetworkParts> net = networkParts(probe);
        s.value("net", net.map(NetworkParts::modules));
        if (net.isPresent()) {
            for (Optional<Path> bin : List.of(net.get().sshServer(), net.get().sftpServer())) {
                if (bin.isPresent()) {
                    s.path(bin.get().toRealPath());
                    for (Path lib : SharedLibraries.of(bin.get())) {
                        s.value("lib", lib).path(lib.toRealPath());
                    }
                }
            }
        }
        return s;
    }

    /** mzsh's jar: how it lays out an image may change with it. */
    private static void codeOf(InputStamp s) throws IOException {
        CodeSource source = GuestInitramfs.class.getProtectionDomain().getCodeSource();
        if (source == null) {
            s.value("code", "unknown");
            return;
        }
        try {
            Path code = Path.of(source.getLocation().toURI());
            // A classes directory (tests) is named only: walking it would cost what the recipe saves.
            s.value("code", code);
            if (Files.isRegularFile(code)) {
                s.path(code);
            }
        } catch (URISyntaxException e) {
            s.value("code", source.getLocation());
        }
    }

    /** The inputs of the guest initramfs for {@code kernel}, building memorizer-sim if needed. */
    public GuestImageInputs inputs(HostProbe probe, GuestKernel kernel) throws IOException {
        Optional<Path> sim = Optional.empty();
        if (withSim(kernel)) {
            Optional<KernelBuildTree> tree = KernelBuildTree.containing(kernel.image());
            if (tree.isPresent() && kernel.buildDir().isEmpty()) {
                throw new HostMissingException(
                        "a memorizer-sim for the kernel in " + tree.get().dir() + ": "
                                + (tree.get().hasModules()
                                        ? "its modules were not installed (build it with mzsh kernel build)"
                                        : "it cannot load modules (CONFIG_MODULES); build it with kernel-configs/mzsh-guest.config")
                                + ", or boot with --sim off",
                        List.of());
            }
            sim = new SimModuleBuilder(installation.simSources(), installation.cacheDir()).ensure(kernel);
        }
        List<Path> batsTrees = new ArrayList<>();
        for (Path t : BATS_TREES) {
            if (Files.isDirectory(t)) {
                batsTrees.add(t);
            }
        }
        return new GuestImageInputs(
                probe.require(HostProbe.BUSYBOX),
                probe.require(HostProbe.BASH),
                batsTrees,
                probe.require(HostProbe.BATS),
                kernel.release(),
                kernel.modulesDir(),
                GuestImageInputs.GUEST_MODULES,
                sim,
                new GuestToolBuilder(installation.guestToolSources(), installation.cacheDir()).ensureCopyTool(probe),
                installation.guestRoot(),
                installation.batsTests(),
                options.extraDirs(),
                networkParts(probe));
    }

    /** The network driver, and dropbear (with sftp-server when the host has it) for --ssh-port. */
    private Optional<NetworkParts> networkParts(HostProbe probe) {
        if (options.network().isEmpty()) {
            return Optional.empty();
        }
        if (options.network().get().sshPort().isEmpty()) {
            return Optional.of(new NetworkParts(NetworkParts.MODULES, Optional.empty(), Optional.empty()));
        }
        HostProbe.SSH_SERVER.forEach(probe::require);
        return Optional.of(new NetworkParts(
                NetworkParts.MODULES,
                Optional.of(probe.require(HostProbe.DROPBEAR)),
                probe.find(HostProbe.SFTP_SERVER).path()));
    }
}
