package dev.mzsh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's class data sharing, on the real JVM: the first shell run of a build saves an
 * archive of its classes as it exits, the next run tries it and takes it, and later runs load
 * mzsh's classes from it. A damaged archive is dropped, never handed to the JVM (which would crash).
 */
class LauncherCdsIT {
    @TempDir
    Path work;

    @Test
    void aShellRunSavesTheArchiveTheNextAdoptsItAndLaterRunsMapMzshFromIt() throws Exception {
        Map<String, String> env = Map.of("XDG_CACHE_HOME", work.resolve("cache").toString());
        Path cds = work.resolve("cache/mzsh/cds");

        Mzsh.Result version = Mzsh.runWithEnv(work, env, "--version");
        assertThat(version.status()).isZero();
        assertThat(files(cds)).as("a --version run saves no archive").isEmpty();

        Mzsh.Result first = Mzsh.runWithEnv(work, env, "-c", "help");
        assertThat(first.status()).as(first.stderr()).isZero();
        assertThat(first.stderr()).doesNotContain("warning", "cds");
        assertThat(files(cds)).singleElement().asString().startsWith(".dump-");

        Mzsh.Result second = Mzsh.runWithEnv(work, env, "-c", "help");
        assertThat(second.status()).isZero();
        assertThat(second.stderr()).as("the same output, archive or not").isEqualTo(first.stderr());
        List<String> adopted = files(cds);
        assertThat(adopted).singleElement().asString().startsWith("mzsh-").endsWith(".jsa");

        Path log = work.resolve("classes.txt");
        Mzsh.Result third = Mzsh.runWithEnv(
                work,
                Map.of(
                        "XDG_CACHE_HOME",
                        work.resolve("cache").toString(),
                        "MZSH_JAVA_OPTS",
                        "-Xlog:class+load=info:file=" + log),
                "-c",
                "help");
        assertThat(third.status()).isZero();
        assertThat(Files.readAllLines(log))
                .anySatisfy(l -> assertThat(l).contains("dev.mzsh.cli.Main source: shared objects file (top)"));

        // Truncated (a full disk, a crash): the size in its name no longer matches, so it goes.
        Path archive = cds.resolve(adopted.get(0));
        archive.toFile().setWritable(true);
        try (var ch = java.nio.channels.FileChannel.open(archive, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(4096);
        }
        Mzsh.Result afterDamage = Mzsh.runWithEnv(work, env, "-c", "help");
        assertThat(afterDamage.status()).as(afterDamage.stderr()).isZero();
        assertThat(files(cds))
                .as("the damaged archive is gone; this run saves a new one")
                .singleElement()
                .asString()
                .startsWith(".dump-");
    }

    /** Two launchers that find the same saved archive both try it; one adopts it, and neither fails. */
    @Test
    void twoRunsStartedTogetherAfterASaveBothSucceed() throws Exception {
        Map<String, String> env = Map.of("XDG_CACHE_HOME", work.resolve("cache").toString());
        Path cds = work.resolve("cache/mzsh/cds");
        for (int round = 0; round < 3; round++) {
            Mzsh.Result saving = Mzsh.runWithEnv(work, env, "-c", "help");
            assertThat(saving.status()).as(saving.stderr()).isZero();
            assertThat(files(cds)).anySatisfy(f -> assertThat(f).startsWith(".dump-"));

            Process a = Mzsh.startWithEnv(work, env, "-c", "help");
            Process b = Mzsh.startWithEnv(work, env, "-c", "help");
            Mzsh.Result ra = Mzsh.collect(a);
            Mzsh.Result rb = Mzsh.collect(b);
            assertThat(ra.status()).as(ra.stderr()).isZero();
            assertThat(rb.status()).as(rb.stderr()).isZero();
            assertThat(files(cds)).singleElement().asString().startsWith("mzsh-");
            // the next round saves again: a damaged archive is dropped, and the run after it saves one
            Files.delete(cds.resolve(files(cds).get(0)));
        }
    }

    private static List<String> files(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
