package dev.mzsh.cli;

import dev.mzsh.commands.UsageException;
import dev.mzsh.kernel.BuildBase;
import dev.mzsh.kernel.KernelBuildException;
import dev.mzsh.kernel.KernelBuildRequest;
import dev.mzsh.kernel.KernelBuilder;
import dev.mzsh.session.Installation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.commons.codec.digest.DigestUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "build",
        description = {
            "Build a kernel out of tree: the base config, the fragments merged with the tree's",
            "scripts/kconfig/merge_config.sh, a check that every fragment option survived, then make.",
            "The source tree is only read. Prints the build directory; boot it with --kernel-build DIR.",
            "Unchanged source and fragments reuse the last build."
        })
final class KernelBuildCommand implements Callable<Integer> {
    @Option(names = "--source", paramLabel = "DIR", required = true, description = "the kernel source tree")
    Path source;

    @Option(
            names = "--config",
            paramLabel = "FRAGMENT",
            description = "a config fragment, e.g. kernel-configs/mzsh-guest.config (repeatable, in order)")
    List<Path> fragments = new ArrayList<>();

    @Option(
            names = "--base",
            paramLabel = "BASE",
            defaultValue = "defconfig",
            description = "defconfig, tinyconfig or a .config file (default: ${DEFAULT-VALUE})")
    String base;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "the build directory (default: under mzsh's cache, one per source tree)")
    Path out;

    @Option(
            names = {"-j", "--jobs"},
            paramLabel = "N",
            description = "parallel make jobs (default: one per core)")
    Integer jobs;

    @Override
    public Integer call() throws Exception {
        int j = jobs == null ? Runtime.getRuntime().availableProcessors() : jobs;
        if (j < 1) {
            throw new UsageException("-j takes a positive number of jobs, not " + j);
        }
        BuildBase b;
        try {
            b = BuildBase.parse(base);
        } catch (KernelBuildException e) {
            throw new UsageException(e.getMessage());
        }
        try {
            Path dir = out != null ? out : defaultOut(Installation.detect().cacheDir(), source);
            KernelBuildRequest request = new KernelBuildRequest(source, fragments, b, dir, j);
            KernelBuilder.Result r = new KernelBuilder(System.err, System.console() != null).build(request);
            System.out.println(r.out());
            return 0;
        } catch (KernelBuildException e) {
            System.err.println("mzsh: " + e.getMessage());
            return 1;
        }
    }

    /** One build directory per source tree: experiments on a tree reuse its objects. */
    static Path defaultOut(Path cacheDir, Path source) throws IOException {
        Path abs = source.toAbsolutePath().normalize();
        String name = (abs.getFileName() == null ? "root" : abs.getFileName().toString()) + "-"
                + DigestUtils.sha256Hex(abs.toString()).substring(0, 10);
        Path dir = cacheDir.resolve("kernel-build").resolve(name);
        Files.createDirectories(dir.getParent());
        return dir;
    }
}
