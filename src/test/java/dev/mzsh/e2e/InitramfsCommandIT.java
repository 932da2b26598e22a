package dev.mzsh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `mzsh initramfs --out`: an image for booting elsewhere, without booting. */
class InitramfsCommandIT {
    @TempDir
    Path work;

    @Test
    void writesABootableImageTwiceTheSame() throws Exception {
        Path a = work.resolve("a.img");
        Path b = work.resolve("b.img");
        Mzsh.Result ra = Mzsh.run(work, "initramfs", "--out", a.toString());
        Mzsh.Result rb = Mzsh.run(work, "initramfs", "--out", b.toString());
        assertThat(ra.status()).as(ra.stderr()).isZero();
        assertThat(rb.status()).as(rb.stderr()).isZero();
        assertThat(ra.stderr()).contains("wrote " + a);
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));

        // The first archive (the base layer) as the system's cpio lists it.
        Process list = new ProcessBuilder("sh", "-c", "zcat < '" + a + "' | cpio -it --quiet").start();
        String names = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        list.waitFor();
        assertThat(names.lines()).contains("bin/busybox", "bin/bash", "usr/bin/bats", "etc/mzsh/modules.load");
        assertThat(work.resolve("mzsh-runs")).doesNotExist();
    }

    @Test
    void refusesAnOutputInAMissingDirectory() throws Exception {
        Mzsh.Result r = Mzsh.run(
                work, "initramfs", "--out", work.resolve("no/such/dir/x.img").toString());
        assertThat(r.status()).as(r.stderr()).isEqualTo(2);
        assertThat(r.stderr()).contains("does not exist");
    }
}
