package dev.mzsh.initramfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link GuestImageBuilder#prepare}: an unchanged recipe reuses its image, anything off builds it again. */
class GuestImagePrepareTest {
    @Test
    void anUnchangedRecipeReusesItsImageWithoutMakingTheInputs(@TempDir Path dir) throws Exception {
        GuestImageInputs in = inputs(dir);
        AtomicInteger made = new AtomicInteger();
        GuestImageBuilder builder = builder(dir, new ArrayList<>());

        GuestImageBuilder.Prepared first = builder.prepare(recipe(in), () -> count(made, in), dir.resolve("r1.img"));
        GuestImageBuilder.Prepared second = builder.prepare(recipe(in), () -> count(made, in), dir.resolve("r2.img"));

        assertThat(first.how()).isEqualTo("built");
        assertThat(second.how()).isEqualTo("reused");
        assertThat(made).as("the inputs were made for the first run only").hasValue(1);
        assertThat(Files.readAllBytes(dir.resolve("r2.img"))).isEqualTo(Files.readAllBytes(dir.resolve("r1.img")));
        assertThat(second.sha256())
                .as("the digest the snapshot key uses is the copy's")
                .isEqualTo(DigestUtils.sha256Hex(Files.readAllBytes(dir.resolve("r2.img"))))
                .isEqualTo(first.sha256());
    }

    @Test
    void aChangedSourceMakesTheInputsAgain(@TempDir Path dir) throws Exception {
        GuestImageInputs in = inputs(dir);
        AtomicInteger made = new AtomicInteger();
        GuestImageBuilder builder = builder(dir, new ArrayList<>());
        builder.prepare(recipe(in), () -> count(made, in), dir.resolve("r1.img"));

        Files.writeString(in.batsTests().resolve("more.bats"), "@test 'y' { true; }\n");
        GuestImageBuilder.Prepared again = builder.prepare(recipe(in), () -> count(made, in), dir.resolve("r2.img"));

        assertThat(again.how()).isEqualTo("built");
        assertThat(made).hasValue(2);
        assertThat(again.sha256()).isEqualTo(DigestUtils.sha256Hex(Files.readAllBytes(dir.resolve("r2.img"))));
    }

    @Test
    void aDamagedImageIsNeverCopiedButRebuiltWithANotice(@TempDir Path dir) throws Exception {
        GuestImageInputs in = inputs(dir);
        List<String> notices = new ArrayList<>();
        GuestImageBuilder builder = builder(dir, notices);
        builder.prepare(recipe(in), () -> in, dir.resolve("r1.img"));
        byte[] good = Files.readAllBytes(dir.resolve("r1.img"));

        try (Stream<Path> s = Files.list(dir.resolve("c"))) {
            for (Path f : s.filter(f -> f.getFileName().toString().startsWith("initrd-")
                            && f.toString().endsWith(".gz"))
                    .toList()) {
                Files.write(f, new byte[] {'x'}, StandardOpenOption.APPEND);
            }
        }
        GuestImageBuilder.Prepared again = builder.prepare(recipe(in), () -> in, dir.resolve("r2.img"));

        assertThat(again.how()).isEqualTo("cached");
        assertThat(Files.readAllBytes(dir.resolve("r2.img"))).isEqualTo(good);
        assertThat(notices).singleElement().asString().contains("differs from when it was built");
        assertThat(builder.prepare(recipe(in), () -> in, dir.resolve("r3.img")).how())
                .as("recorded anew")
                .isEqualTo("reused");
    }

    @Test
    void aDamagedRecordIsDroppedAndWrittenAnew(@TempDir Path dir) throws Exception {
        GuestImageInputs in = inputs(dir);
        GuestImageBuilder builder = builder(dir, new ArrayList<>());
        builder.prepare(recipe(in), () -> in, dir.resolve("r1.img"));
        Path record;
        try (Stream<Path> s = Files.list(dir.resolve("c"))) {
            record = s.filter(f -> f.getFileName().toString().startsWith(RecipeIndex.PREFIX))
                    .findFirst()
                    .orElseThrow();
        }
        Files.writeString(record, "initrd-../../etc/passwd\n1\n2\n3\n\n");

        assertThat(builder.prepare(recipe(in), () -> in, dir.resolve("r2.img")).how())
                .isEqualTo("cached");
        assertThat(Files.readAllLines(record).get(0)).startsWith("initrd-").doesNotContain("/");
        assertThat(builder.prepare(recipe(in), () -> in, dir.resolve("r3.img")).how())
                .isEqualTo("reused");
    }

    private static GuestImageBuilder builder(Path dir, List<String> notices) {
        return new GuestImageBuilder(new ArchiveCache(dir.resolve("c"), notices::add), Compression.GZIP);
    }

    private static GuestImageInputs count(AtomicInteger made, GuestImageInputs in) {
        made.incrementAndGet();
        return in;
    }

    /** What the session's recipe stamps, for these inputs: their sources by size, time and identity. */
    private static InputStamp recipe(GuestImageInputs in) throws Exception {
        InputStamp s = new InputStamp()
                .path(in.busybox())
                .path(in.bash())
                .path(in.guestRoot())
                .path(in.batsTests());
        for (Path t : in.batsTrees()) {
            s.path(t);
        }
        return s;
    }

    private static GuestImageInputs inputs(Path dir) throws Exception {
        return GuestImageBuilderTest.inputs(dir); // the host's real BusyBox, bash and BATS
    }
}
