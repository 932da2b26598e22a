package dev.mzsh.initramfs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds the guest initramfs as two concatenated archives: a large base layer
 * (BusyBox, bash, BATS, kernel modules) that is cached by content hash, and a
 * small layer with mzsh's own guest files and tests. The kernel unpacks them in
 * order, so the second may override the first.
 */
public final class GuestImageBuilder {
    private final ArchiveCache cache;
    private final Compression compression;

    public GuestImageBuilder(ArchiveCache cache, Compression compression) {
        this.cache = cache;
        this.compression = compression;
    }

    /** What a build produced. */
    public record Result(Path image, List<ArchiveCache.Layer> layers, ModuleResolver.Resolution modules) {
        public boolean fullyCached() {
            return layers.stream().allMatch(ArchiveCache.Layer::cached);
        }
    }

    public Result build(GuestImageInputs in, Path out) throws IOException {
        ModuleResolver.Resolution modules = ModuleResolver.load(in.modulesDir()).resolve(in.modules());
        ArchiveCache.Layer base = cache.layer("base", baseLayout(in, modules), compression);
        ArchiveCache.Layer run = cache.layer("guest", guestLayout(in), compression);
        Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), ".initrd-", ".tmp");
        try {
            try (OutputStream o = Files.newOutputStream(tmp)) {
                for (ArchiveCache.Layer layer : List.of(base, run)) {
                    try (InputStream i = Files.newInputStream(layer.path())) {
                        i.transferTo(o);
                    }
                }
            }
            ArchiveCache.moveIntoPlace(tmp, out);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return new Result(out, List.of(base, run), modules);
    }

    ArchiveLayout baseLayout(GuestImageInputs in, ModuleResolver.Resolution modules) throws IOException {
        ArchiveLayout l = new ArchiveLayout();
        for (String d : List.of("bin", "sbin", "usr/bin", "usr/sbin", "dev", "proc", "sys", "tmp", "run", "mnt/mzsh",
                "root", "etc/mzsh", "lib/modules/" + in.release())) {
            l.dir(d);
        }
        l.charDevice("dev/console", 5, 1, 0600);
        l.charDevice("dev/null", 1, 3, 0666);
        l.charDevice("dev/tty", 5, 0, 0666);
        l.file("bin/busybox", in.busybox(), 0755);
        for (String applet : busyboxApplets(in.busybox())) {
            if (!l.contains(applet)) {
                l.symlink(applet, "/bin/busybox");
            }
        }
        l.file("bin/bash", in.bash(), 0755);
        l.symlink("usr/bin/bash", "/bin/bash");
        for (Path tree : in.batsTrees()) {
            l.tree(tree.toString(), tree);
        }
        l.file("usr/bin/bats", in.batsLauncher(), 0755);
        l.bytes("etc/passwd", "root:x:0:0:root:/root:/bin/sh\n".getBytes(StandardCharsets.UTF_8), 0644);
        l.bytes("etc/group", "root:x:0:\n".getBytes(StandardCharsets.UTF_8), 0644);
        String modRoot = "lib/modules/" + in.release() + "/";
        StringBuilder load = new StringBuilder();
        for (String rel : modules.loadOrder()) {
            l.file(modRoot + rel, in.modulesDir().resolve(rel), 0644);
            load.append(rel).append('\n');
        }
        l.bytes("etc/mzsh/modules.load", load.toString().getBytes(StandardCharsets.UTF_8), 0644);
        in.simModule().ifPresent(ko -> l.file(modRoot + "extra/memorizer_sim.ko", ko, 0644));
        return l;
    }

    ArchiveLayout guestLayout(GuestImageInputs in) {
        ArchiveLayout l = new ArchiveLayout();
        l.tree("", in.guestRoot());
        if (Files.isDirectory(in.batsTests())) {
            l.tree("usr/share/mzsh/bats-tests", in.batsTests());
        }
        for (Path extra : in.extraDirs()) {
            l.tree("mnt/host/" + extra.getFileName(), extra);
        }
        return l;
    }

    /** The applet paths (e.g. {@code bin/ls}) of this BusyBox, as it lists them itself. */
    static List<String> busyboxApplets(Path busybox) throws IOException {
        Process p = new ProcessBuilder(busybox.toString(), "--list-full").redirectErrorStream(true).start();
        String text;
        try (InputStream i = p.getInputStream()) {
            text = new String(i.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(busybox + " --list-full failed: " + text.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        List<String> applets = new ArrayList<>();
        for (String line : text.split("\n")) {
            String a = line.strip();
            if (!a.isEmpty() && !a.endsWith("/busybox")) {
                applets.add(a);
            }
        }
        return applets;
    }
}
