package dev.mzsh.initramfs;

import dev.mzsh.guest.GuestContract;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;

/**
 * Builds the guest initramfs as concatenated archives: a large base layer
 * (BusyBox, bash, BATS, kernel modules) that is cached by content hash, a
 * small layer with mzsh's own guest files and tests, with --net a cached layer
 * with the network driver and SSH server, and last, uncached, a run's own files
 * (its SSH keys) appended to the run's copy only. The kernel unpacks them in
 * order, so a later one may override an earlier one.
 */
public final class GuestImageBuilder {
    /** Where the image holds the repo's bats-tests/ (what {@code run-bats} without a PATH runs). */
    public static final String BAKED_BATS_TESTS = GuestContract.BAKED_BATS_TESTS;

    private final ArchiveCache cache;
    private final Compression compression;
    private final RecipeIndex recipes;

    public GuestImageBuilder(ArchiveCache cache, Compression compression) {
        this.cache = cache;
        this.compression = compression;
        this.recipes = new RecipeIndex(cache.dir());
    }

    /**
     * What a build produced; {@code unknownModules}: asked-for modules the kernel does not have
     * as modules; {@code cached}: the image in the cache that {@code image} was copied from, and
     * {@code cachedSha256} its digest (also {@code image}'s, unless a run layer was appended).
     */
    public record Result(
            Path image,
            List<ArchiveCache.Layer> layers,
            ModuleResolver.Resolution modules,
            List<String> unknownModules,
            Path cached,
            String cachedSha256) {
        public boolean fullyCached() {
            return layers.stream().allMatch(ArchiveCache.Layer::cached);
        }
    }

    /** Makes a build's inputs, only when the recipe's image cannot be reused. */
    @FunctionalInterface
    public interface InputsSource {
        GuestImageInputs make() throws IOException;
    }

    /**
     * A run's image: {@code image} the copy it boots and {@code sha256} its digest; {@code how}
     * is "reused" (found by its recipe), "cached" (built from cached layers) or "built".
     */
    public record Prepared(Path image, String sha256, List<String> unknownModules, String how) {}

    /**
     * The run's copy at {@code out} of the image {@code recipe} makes. When the recipe made one
     * before and it is still in the cache, that image is copied and the copy checked against
     * what was recorded then (size and CRC-32, which the JVM computes natively: a cold JVM needs
     * ~80 ms to SHA-256 3 MB, more than the rest of a restore's preparation). Otherwise the
     * image is built from {@code inputs} as {@link #build} does, every layer checked against
     * its seal, and recorded for the recipe. {@code recipe} must stamp everything the inputs
     * are made from.
     */
    public Prepared prepare(InputStamp recipe, InputsSource inputs, Path out) throws IOException {
        Optional<RecipeIndex.Entry> known = recipes.find(recipe);
        if (known.isPresent() && placeKnown(known.get(), out)) {
            return new Prepared(out, known.get().sha256(), known.get().unknownModules(), "reused");
        }
        // none, gone or changed: the build checks every layer and says what it rebuilds
        Result r = build(inputs.make(), out, Optional.empty());
        CRC32 crc = new CRC32();
        try (InputStream in = new CheckedInputStream(Files.newInputStream(out), crc)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        recipes.remember(
                recipe,
                new RecipeIndex.Entry(
                        r.cached().getFileName().toString(),
                        Files.size(out),
                        crc.getValue(),
                        r.cachedSha256(),
                        r.unknownModules()));
        return new Prepared(out, r.cachedSha256(), r.unknownModules(), r.fullyCached() ? "cached" : "built");
    }

    /** Copies the image {@code known} names to {@code out} if it is there and the copy matches the record. */
    private boolean placeKnown(RecipeIndex.Entry known, Path out) throws IOException {
        Path image = cache.dir().resolve(known.imageName());
        if (!Files.isRegularFile(image, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        CRC32 crc = new CRC32();
        Path tmp = copyBeside(List.of(image), out.toAbsolutePath(), in -> new CheckedInputStream(in, crc));
        try {
            if (Files.size(tmp) != known.size() || crc.getValue() != known.crc32()) {
                return false;
            }
            publish(tmp, out, "r--r--r--");
            ArchiveCache.touch(image);
            return true;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public Result build(GuestImageInputs in, Path out) throws IOException {
        return build(in, out, Optional.empty());
    }

    /**
     * As {@link #build(GuestImageInputs, Path)}, with {@code runLayer} appended to the copy at
     * {@code out} only: the cached image never holds one run's files (its keys).
     */
    public Result build(GuestImageInputs in, Path out, Optional<ArchiveLayout> runLayer) throws IOException {
        ModuleResolver resolver = ModuleResolver.load(in.modulesDir());
        ModuleResolver.Resolution modules = resolver.resolve(in.modules());
        List<ArchiveCache.Layer> layers = new ArrayList<>();
        layers.add(cache.layer("base", baseStamp(in), () -> baseLayout(in, modules), compression));
        layers.add(cache.layer("guest", guestStamp(in), () -> guestLayout(in), compression));
        List<String> unknown = new ArrayList<>(modules.unknown());
        if (in.network().isPresent()) {
            NetworkParts net = in.network().get();
            ModuleResolver.Resolution netModules = resolver.resolve(net.modules());
            unknown.addAll(netModules.unknown());
            List<List<String>> netLevels = withoutLoaded(netModules.levels(), modules.loadOrder());
            List<Path> libraries = libraries(net);
            layers.add(cache.layer(
                    "net",
                    netStamp(in, net, netLevels, libraries),
                    () -> netLayout(in, net, netLevels, libraries),
                    compression));
        }
        StringBuilder name = new StringBuilder("initrd");
        for (ArchiveCache.Layer layer : layers) {
            name.append('-').append(layer.hash(), 0, 16);
        }
        Path image = cache.dir().resolve(name + "." + compression.suffix());
        if (cache.intact(image)) {
            ArchiveCache.touch(image);
        } else {
            concatenate(layers.stream().map(ArchiveCache.Layer::path).toList(), image);
            pruneCache();
        }
        String sha256 = place(image, out, runLayer);
        return new Result(out, List.copyOf(layers), modules, List.copyOf(unknown), image, sha256);
    }

    /** Module levels without what an earlier layer already loads (virtio_net's virtio core is the base's). */
    static List<List<String>> withoutLoaded(List<List<String>> levels, List<String> loaded) {
        List<List<String>> rest = new ArrayList<>();
        for (List<String> level : levels) {
            List<String> left = level.stream().filter(m -> !loaded.contains(m)).toList();
            if (!left.isEmpty()) {
                rest.add(left);
            }
        }
        return rest;
    }

    private static List<Path> libraries(NetworkParts net) throws IOException {
        LinkedHashSet<Path> libs = new LinkedHashSet<>();
        for (Optional<Path> bin : List.of(net.sshServer(), net.sftpServer())) {
            if (bin.isPresent()) {
                libs.addAll(SharedLibraries.of(bin.get()));
            }
        }
        return List.copyOf(libs);
    }

    /** How many builds of each kind the cache keeps; older ones are deleted after a build. */
    private static final int KEEP = 4;

    private void pruneCache() throws IOException {
        for (String prefix : List.of("base-", "guest-", "net-", "initrd-", RecipeIndex.PREFIX)) {
            // A layer has an archive and a stamp reference: keep both for KEEP builds.
            cache.prune(prefix, prefix.equals("initrd-") ? KEEP : 2 * KEEP);
        }
    }

    /** Writes the parts one after the other as {@code target}, sealed as a cache file. */
    private static void concatenate(List<Path> parts, Path target) throws IOException {
        Path tmp = copyBeside(parts, target, UnaryOperator.identity());
        try {
            ArchiveCache.seal(tmp, target);
            ArchiveCache.moveIntoPlace(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The parts, one after the other, in a new temporary file beside {@code target}; each read through {@code via}. */
    private static Path copyBeside(List<Path> parts, Path target, UnaryOperator<InputStream> via) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), ".initrd-", ".tmp");
        try (OutputStream o = Files.newOutputStream(tmp)) {
            for (Path part : parts) {
                try (InputStream i = via.apply(Files.newInputStream(part))) {
                    i.transferTo(o);
                }
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return tmp;
    }

    /**
     * A read-only copy of the cached image, never a link: whatever later happens to
     * {@code out} cannot reach the cache (a hard link would carry a write into every
     * later boot). The copy is checked against the image's seal, so what boots is what was built.
     * Returns the image's digest.
     */
    private String place(Path image, Path out, Optional<ArchiveLayout> runLayer) throws IOException {
        Files.createDirectories(out.toAbsolutePath().getParent());
        Path tmp = copyBeside(List.of(image), out.toAbsolutePath(), UnaryOperator.identity());
        try {
            Optional<String> sealed = ArchiveCache.sealedHash(image);
            String copied = ArchiveCache.sha256(tmp);
            if (sealed.isPresent() && !sealed.get().equals(copied)) {
                throw new IOException("the cached initramfs " + image + " changed while it was copied; run again");
            }
            if (runLayer.isPresent()) {
                try (OutputStream o = compression.wrap(
                        new BufferedOutputStream(Files.newOutputStream(tmp, StandardOpenOption.APPEND)))) {
                    NewcWriter.write(runLayer.get(), o);
                }
            }
            // A run's own files hold the guest's private host key: readable by the user alone.
            publish(tmp, out, runLayer.isPresent() ? "r--------" : "r--r--r--");
            return copied;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void publish(Path tmp, Path out, String permissions) throws IOException {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(permissions));
        Files.deleteIfExists(out);
        ArchiveCache.moveIntoPlace(tmp, out);
    }

    /** What the base layer is made of; unchanged stamps mean an unchanged layer. */
    private static InputStamp baseStamp(GuestImageInputs in) throws IOException {
        InputStamp s = new InputStamp()
                .value("release", in.release())
                .value("modules", in.modules())
                .path(in.busybox())
                .path(in.bash())
                .path(in.batsLauncher())
                .path(in.modulesDir().resolve("modules.dep"))
                .path(in.modulesDir().resolve("modules.builtin"));
        for (Path tree : in.batsTrees()) {
            s.path(tree);
        }
        if (in.simModule().isPresent()) {
            s.path(in.simModule().get());
        }
        if (in.copyTool().isPresent()) {
            s.path(in.copyTool().get());
        }
        return s;
    }

    private static InputStamp guestStamp(GuestImageInputs in) throws IOException {
        InputStamp s =
                new InputStamp().path(in.guestRoot()).path(in.batsTests()).value("contract", GuestContract.shellText());
        for (Path extra : in.extraDirs()) {
            s.path(extra.toAbsolutePath());
        }
        return s;
    }

    private static InputStamp netStamp(
            GuestImageInputs in, NetworkParts net, List<List<String>> levels, List<Path> libraries) throws IOException {
        InputStamp s = new InputStamp().value("release", in.release()).value("levels", levels);
        for (List<String> level : levels) {
            for (String rel : level) {
                s.path(in.modulesDir().resolve(rel));
            }
        }
        s.value("ssh", net.sshServer().isPresent())
                .value("sftp", net.sftpServer().isPresent());
        for (Optional<Path> bin : List.of(net.sshServer(), net.sftpServer())) {
            if (bin.isPresent()) {
                s.path(bin.get().toRealPath());
            }
        }
        for (Path lib : libraries) {
            s.value("lib", lib).path(lib.toRealPath());
        }
        return s;
    }

    /**
     * The network layer: driver modules in {@code etc/mzsh/modules-net.load} (loaded by init
     * only with mzsh.net on the kernel command line) and, for SSH, dropbear with its
     * libraries and the files it reads for root's login. No keys: those are a run's own.
     */
    ArchiveLayout netLayout(GuestImageInputs in, NetworkParts net, List<List<String>> levels, List<Path> libraries)
            throws IOException {
        ArchiveLayout l = new ArchiveLayout();
        String modRoot = "lib/modules/" + in.release() + "/";
        StringBuilder load = new StringBuilder();
        for (List<String> level : levels) {
            for (String rel : level) {
                l.file(modRoot + rel, in.modulesDir().resolve(rel), 0644);
            }
            load.append(String.join(" ", level)).append('\n');
        }
        l.bytes(NetworkParts.MODULES_LOAD, load.toString().getBytes(StandardCharsets.UTF_8), 0644);
        if (net.sshServer().isPresent()) {
            l.file(NetworkParts.SSH_SERVER, net.sshServer().get().toRealPath(), 0755);
            net.sftpServer().ifPresent(sftp -> l.file(NetworkParts.SFTP_SERVER, realPath(sftp), 0755));
            SharedLibraries.addTo(l, libraries);
            // dropbear accepts a login only with a shell listed here.
            l.bytes("etc/shells", "/bin/sh\n/bin/bash\n".getBytes(StandardCharsets.UTF_8), 0644);
            l.dir("etc/dropbear", 0700);
            l.symlink("var/run", "/run");
        }
        return l;
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ArchiveLayout baseLayout(GuestImageInputs in, ModuleResolver.Resolution modules) throws IOException {
        ArchiveLayout l = new ArchiveLayout();
        for (String d : List.of(
                "bin",
                "sbin",
                "usr/bin",
                "usr/sbin",
                "dev",
                "proc",
                "sys",
                "tmp",
                "run",
                GuestContract.SHARE.substring(1),
                "root",
                "etc/mzsh",
                "lib/modules/" + in.release())) {
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
        for (List<String> level : modules.levels()) {
            for (String rel : level) {
                l.file(modRoot + rel, in.modulesDir().resolve(rel), 0644);
            }
            load.append(String.join(" ", level)).append('\n');
        }
        l.bytes(GuestContract.MODULES_LOAD.substring(1), load.toString().getBytes(StandardCharsets.UTF_8), 0644);
        in.simModule().ifPresent(ko -> l.file(modRoot + GuestContract.SIM_MODULE, ko, 0644));
        in.copyTool().ifPresent(bin -> l.file(GuestContract.COPY_TOOL.substring(1), bin, 0755));
        return l;
    }

    ArchiveLayout guestLayout(GuestImageInputs in) {
        ArchiveLayout l = new ArchiveLayout();
        l.tree("", in.guestRoot());
        l.bytes(GuestContract.FILE, GuestContract.shellText().getBytes(StandardCharsets.UTF_8), 0644);
        if (Files.isDirectory(in.batsTests())) {
            l.tree(BAKED_BATS_TESTS.substring(1), in.batsTests());
        }
        for (Path extra : in.extraDirs()) {
            l.tree("mnt/host/" + extra.getFileName(), extra);
        }
        return l;
    }

    /** The applet paths (e.g. {@code bin/ls}) of this BusyBox, as it lists them itself. */
    static List<String> busyboxApplets(Path busybox) throws IOException {
        Process p = new ProcessBuilder(busybox.toString(), "--list-full")
                .redirectErrorStream(true)
                .start();
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
