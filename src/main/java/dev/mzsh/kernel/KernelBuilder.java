package dev.mzsh.kernel;

import dev.mzsh.host.HostProbe;
import dev.mzsh.host.KernelBuildTools;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.commons.io.FileUtils;

/**
 * Builds a kernel out of tree: base config, fragments merged by the tree's own
 * merge_config.sh, a check that every fragment option survived, then make, and
 * the modules installed into the build directory with their modules.dep. The
 * source tree is only read. An unchanged tree with unchanged fragments reuses the
 * last build.
 */
public final class KernelBuilder {
    public static final String LOG = "mzsh-build.log";
    /** The log of an attempt that has not got past configuring. */
    static final String ATTEMPT_LOG = "mzsh-build-attempt.log";
    /** Where the build's modules go (INSTALL_MOD_PATH), inside the build directory. */
    public static final String MODULES = "mzsh-modules";

    /**
     * @param out      the build directory
     * @param reused   nothing was built: the last build had the same inputs
     * @param compiled files compiled by this run
     */
    public record Result(Path out, boolean reused, Duration took, int compiled) {}

    private final PrintStream notices;
    private final boolean terminal;

    public KernelBuilder(PrintStream notices, boolean terminal) {
        this.notices = notices;
        this.terminal = terminal;
    }

    public Result build(KernelBuildRequest r) throws IOException {
        long t0 = System.nanoTime();
        Path src = r.source().toAbsolutePath().normalize();
        Path out = r.out().toAbsolutePath().normalize();
        checkTree(src, out);
        // One name for one directory (the build records its paths): symlinks resolved.
        src = src.toRealPath();
        Files.createDirectories(out);
        out = out.toRealPath();
        checkTree(src, out);
        List<ConfigFragment> fragments = new ArrayList<>();
        for (Path f : r.fragments()) {
            fragments.add(ConfigFragment.read(f));
        }
        KernelBuildTools.ensure(new HostProbe());
        String fingerprint = SourceFingerprint.of(r);
        Optional<BuildStamp> last = BuildStamp.read(out);
        if (last.isPresent() && last.get().fingerprint().equals(fingerprint) && artifactsPresent(out)) {
            notices.println("mzsh: kernel build: source and fragments unchanged since the last build; reusing " + out);
            return new Result(out, true, Duration.ofNanos(System.nanoTime() - t0), 0);
        }
        // The attempt logs under its own name until configuring succeeds, so a failed
        // configure leaves the last build's log beside the last build it kept.
        Path logFile = out.resolve(ATTEMPT_LOG);
        notices.println("mzsh: kernel build: " + src + " -> " + out + " (log: " + out.resolve(LOG) + ")");
        BuildProgress progress = new BuildProgress(
                notices,
                terminal,
                last.map(BuildStamp::filesCompiled).filter(n -> n > 0).orElse(estimate(r.base())));
        try (Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8)) {
            MakeStep step = new MakeStep(out, log);
            try {
                progress.phase("configuring");
                configureKeepingTheLastBuild(step, src, out, r, fragments);
                BuildStamp.remove(out);
                // Renaming keeps the open writer: the rest of this build logs under LOG.
                logFile = Files.move(logFile, out.resolve(LOG), StandardCopyOption.REPLACE_EXISTING);
                progress.phase("compiling");
                step.run(make(src, out, "-j" + r.jobs(), "all"), progress::line);
                KernelConfig config = KernelConfig.read(out.resolve(".config"));
                if (config.enabled("MODULES")) {
                    progress.phase("installing modules");
                    FileUtils.deleteDirectory(out.resolve(MODULES).toFile());
                    step.run(
                            make(src, out, "INSTALL_MOD_PATH=" + out.resolve(MODULES), "modules_install"),
                            progress::line);
                }
                progress.phase("done");
            } catch (MakeStep.StepFailed e) {
                progress.finish();
                log.flush();
                String first = FirstError.inLog(logFile, src).orElse(e.getMessage());
                throw new KernelBuildException("kernel build failed: " + first + " (full log: " + logFile + ")");
            } catch (KernelBuildException e) {
                progress.finish();
                throw e;
            }
        }
        progress.finish();
        new BuildStamp(fingerprint, progress.compiled()).write(out);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        notices.println("mzsh: kernel build: done in " + BuildProgress.clock(took) + ", " + progress.compiled()
                + " files compiled");
        return new Result(out, false, took, progress.compiled());
    }

    /**
     * Configures; when the fragment check fails, puts the last build's .config back, so
     * that build (and its stamp) stay as they were: only compiling starts a new build.
     */
    private void configureKeepingTheLastBuild(
            MakeStep step, Path src, Path out, KernelBuildRequest r, List<ConfigFragment> fragments)
            throws IOException {
        Path config = out.resolve(".config");
        Path kept = out.resolve(".config.mzsh-last");
        boolean hadConfig = Files.isRegularFile(config);
        if (hadConfig) {
            Files.copy(config, kept, StandardCopyOption.REPLACE_EXISTING);
        }
        try {
            configure(step, src, out, r, fragments);
        } catch (KernelBuildException | MakeStep.StepFailed e) {
            if (hadConfig) {
                Files.move(kept, config, StandardCopyOption.REPLACE_EXISTING);
            }
            throw e;
        }
        Files.deleteIfExists(kept);
    }

    private void configure(MakeStep step, Path src, Path out, KernelBuildRequest r, List<ConfigFragment> fragments)
            throws IOException {
        StringBuilder kconfig = new StringBuilder();
        if (r.base().target().isPresent()) {
            kconfig.append(step.run(make(src, out, r.base().target().get()), s -> {}));
        } else {
            Files.copy(r.base().file().get(), out.resolve(".config"), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!fragments.isEmpty()) {
            // merge_config.sh makes its temporary files in the current directory: the build directory.
            List<String> merge = new ArrayList<>(List.of(
                    src.resolve("scripts/kconfig/merge_config.sh").toString(),
                    "-m",
                    "-O",
                    out.toString(),
                    out.resolve(".config").toString()));
            for (ConfigFragment f : fragments) {
                merge.add(f.file().toAbsolutePath().toString());
            }
            kconfig.append(step.run(merge, s -> {}));
        }
        kconfig.append(step.run(make(src, out, "olddefconfig"), s -> {}));
        List<DroppedOption> dropped = FragmentCheck.dropped(
                fragments, KernelConfig.read(out.resolve(".config")), symbolsOf(src), kconfig.toString());
        if (!dropped.isEmpty()) {
            throw new KernelBuildException(String.join("\nmzsh: ", FragmentCheck.messages(dropped)));
        }
    }

    private static Predicate<String> symbolsOf(Path src) {
        // Read the Kconfig files only when an option was dropped, and once.
        return new Predicate<>() {
            private KconfigSymbols symbols;

            @Override
            public boolean test(String name) {
                try {
                    if (symbols == null) {
                        symbols = KconfigSymbols.of(src);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return symbols.defines(name);
            }
        };
    }

    static List<String> make(Path src, Path out, String... args) {
        List<String> cmd = new ArrayList<>(List.of("make", "-C", src.toString(), "O=" + out));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static void checkTree(Path src, Path out) {
        if (!Files.isRegularFile(src.resolve("Makefile"))
                || !Files.isRegularFile(src.resolve("scripts/kconfig/merge_config.sh"))) {
            throw new KernelBuildException("--source " + src + " is not a Linux source tree (no Makefile and "
                    + "scripts/kconfig/merge_config.sh)");
        }
        if (out.startsWith(src)) {
            throw new KernelBuildException("--out " + out + " is inside the source tree; mzsh never writes there: "
                    + "give a directory outside it");
        }
        if (Files.exists(src.resolve(".config")) || Files.isDirectory(src.resolve("include/config"))) {
            throw new KernelBuildException(src + " was configured in place (it has a .config): an out-of-tree build "
                    + "needs a clean tree; run make mrproper there, or give a clean copy");
        }
    }

    static boolean artifactsPresent(Path out) {
        return Files.isRegularFile(out.resolve("arch/x86/boot/bzImage")) && Files.isRegularFile(out.resolve("vmlinux"));
    }

    /**
     * Files a first build compiles, for the progress bar until a build here has counted them:
     * 1147 measured for 6.1 tinyconfig + mzsh-guest.config + debug.config; defconfig is a guess.
     */
    static int estimate(BuildBase base) {
        return base.target().filter(t -> t.equals("tinyconfig")).isPresent() ? 1150 : 3000;
    }
}
