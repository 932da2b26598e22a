// Initramfs build benchmark: mzsh's GuestImageBuilder (in-process, cold and cached)
// against `find . | cpio -o -H newc | gzip` on the same file tree.
//
// Run through bench/initramfs-bench, or directly:
//   java -Dmzsh.home=/work/main -cp "/work/main/target/mzsh.jar:/work/main/target/lib/*" bench/InitramfsBench.java [WORKDIR] [RUNS]

import dev.mzsh.host.GuestKernel;
import dev.mzsh.host.HostProbe;
import dev.mzsh.host.Provisioner;
import dev.mzsh.initramfs.ArchiveCache;
import dev.mzsh.initramfs.Compression;
import dev.mzsh.initramfs.GuestImageBuilder;
import dev.mzsh.initramfs.GuestImageInputs;
import dev.mzsh.session.GuestInitramfs;
import dev.mzsh.session.GuestLauncher;
import dev.mzsh.session.GuestOptions;
import dev.mzsh.session.Installation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

public class InitramfsBench {
    static final String BASELINE = "find . | cpio -o -H newc --quiet | gzip > \"$OUT\"";
    static final String BASELINE_FAST = "find . | cpio -o -H newc --quiet | gzip -1 > \"$OUT\"";

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "/tmp/benchwork/initramfs").toAbsolutePath();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        deleteTree(work);
        Files.createDirectories(work);
        Path outDir = Files.createDirectories(work.resolve("out"));
        Path out = outDir.resolve("initrd.img");

        // Inputs exactly as mzsh gets them for a default boot.
        Installation inst = Installation.detect();
        GuestOptions options = new GuestOptions(Optional.empty(), Optional.empty(), "", Optional.empty(), 2,
                "current", Duration.ofSeconds(120), List.of(), Optional.empty());
        GuestLauncher launcher = new GuestLauncher(inst, options, System.err);
        long t0 = System.nanoTime();
        HostProbe probe = Provisioner.checkedHost(false);
        GuestKernel kernel = launcher.kernel();
        GuestImageInputs inputs = new GuestInitramfs(inst, options).inputs(probe, kernel);
        System.out.printf("inputs: kernel %s, sim module %s (host probe + inputs took %.3f s, not timed below)%n",
                kernel.release(), inputs.simModule().map(Path::toString).orElse("none"), secs(System.nanoTime() - t0));

        // Warm-up: the first cold build in this JVM (JIT cold), reported for information.
        Path warmCache = work.resolve("cache-warm");
        long t = System.nanoTime();
        GuestImageBuilder.Result warm = build(warmCache, inputs, out);
        double firstCold = secs(System.nanoTime() - t);
        if (warm.fullyCached() || warm.layers().stream().anyMatch(ArchiveCache.Layer::cached)) {
            throw new IllegalStateException("warm-up build into an empty cache reported cached layers");
        }
        // The tree the baseline archives: the built layers unpacked.
        Path stage = Files.createDirectories(work.resolve("stage"));
        for (ArchiveCache.Layer layer : warm.layers()) {
            // Device nodes may fail to be created (no CAP_MKNOD in a container); cpio then exits non-zero.
            sh(stage, "gzip -dc '" + layer.path() + "' | cpio -idm --quiet 2>/dev/null; true");
        }
        long entries;
        try (Stream<Path> s = Files.walk(stage)) {
            entries = s.count() - 1;
        }
        long stageBytes = du(stage);
        System.out.printf("tree: %d entries, %.1f MiB; image %.1f MiB (%d layers: %s)%n", entries,
                stageBytes / 1048576.0, Files.size(out) / 1048576.0, warm.layers().size(),
                warm.layers().stream().map(l -> l.path().getFileName().toString()).toList());
        Path baseOut = outDir.resolve("baseline.cpio.gz");
        // Warm the baseline too (page cache, binaries) and the cached path.
        sh(stage, BASELINE.replace("$OUT", baseOut.toString()));
        build(warmCache, inputs, out);
        System.out.printf("baseline archive %.1f MiB (gzip -6)%n", Files.size(baseOut) / 1048576.0);

        List<Double> cold = new ArrayList<>(), cached = new ArrayList<>(), base = new ArrayList<>(),
                baseFast = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            // Interleaved: one of each per round.
            Path c = work.resolve("cache-cold-" + i);
            t = System.nanoTime();
            GuestImageBuilder.Result r = build(c, inputs, out);
            cold.add(secs(System.nanoTime() - t));
            if (r.layers().stream().anyMatch(ArchiveCache.Layer::cached)) {
                throw new IllegalStateException("cold build found cached layers");
            }
            deleteTree(c);

            t = System.nanoTime();
            r = build(warmCache, inputs, out);
            cached.add(secs(System.nanoTime() - t));
            if (!r.fullyCached()) {
                throw new IllegalStateException("cached build rebuilt a layer: " + r.layers());
            }

            t = System.nanoTime();
            sh(stage, BASELINE.replace("$OUT", baseOut.toString()));
            base.add(secs(System.nanoTime() - t));

            t = System.nanoTime();
            sh(stage, BASELINE_FAST.replace("$OUT", baseOut.toString()));
            baseFast.add(secs(System.nanoTime() - t));
            System.out.printf("round %d: cold %.3f s  cached %.3f s  baseline %.3f s  (baseline gzip -1 %.3f s)%n",
                    i + 1, cold.get(i), cached.get(i), base.get(i), baseFast.get(i));
        }
        double mc = median(cold), mk = median(cached), mb = median(base), mf = median(baseFast);
        System.out.printf("first cold build (JVM/JIT cold, info): %.3f s%n", firstCold);
        System.out.printf("median of %d: cold %.3f s  cached %.3f s  baseline %.3f s%n", runs, mc, mk, mb);
        System.out.printf("info: baseline with gzip -1 (mzsh compresses at level 1) %.3f s -> cold/that %.2f%n",
                mf, mc / mf);
        deleteTree(work);
        System.out.printf("ratio cold=%.2f cached=%.2f (baseline: find|cpio|gzip, targets <=1.5 / <=0.2)%n",
                mc / mb, mk / mb);
    }

    static GuestImageBuilder.Result build(Path cacheDir, GuestImageInputs inputs, Path out) throws IOException {
        return new GuestImageBuilder(new ArchiveCache(cacheDir), Compression.GZIP).build(inputs, out);
    }

    static void sh(Path dir, String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", "set -e; " + script).directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        if (p.waitFor() != 0) {
            throw new IOException("failed (" + p.exitValue() + "): " + script);
        }
    }

    static long du(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        }
    }

    static double secs(long nanos) {
        return nanos / 1e9;
    }

    static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
