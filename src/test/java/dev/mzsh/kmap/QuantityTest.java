package dev.mzsh.kmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class QuantityTest {
    @Test
    void countsReadAsPercentCommaD() {
        assertThat(Quantity.count(0)).isEqualTo("0");
        assertThat(Quantity.count(999)).isEqualTo("999");
        assertThat(Quantity.count(1000)).isEqualTo("1,000");
        assertThat(Quantity.count(-1234567)).isEqualTo("-1,234,567");
        assertThat(Quantity.count(Long.MIN_VALUE)).isEqualTo("-9,223,372,036,854,775,808");
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < 20_000; i++) {
            long v = rnd.nextLong() >> rnd.nextInt(64);
            assertThat(Quantity.count(v)).isEqualTo(String.format(Locale.ROOT, "%,d", v));
        }
    }

    @Test
    void bytesRoundAsPercentPointOneF() {
        assertThat(Quantity.bytes(1023)).isEqualTo("1023 B");
        assertThat(Quantity.bytes(1024)).isEqualTo("1.0 KiB");
        assertThat(Quantity.bytes(1587)).isEqualTo("1.5 KiB"); // 1.5498
        assertThat(Quantity.bytes(1588)).isEqualTo("1.6 KiB"); // 1.5508
        assertThat(Quantity.bytes(5L << 40)).isEqualTo("5.0 TiB");
        assertThat(Quantity.bytes(5L << 50)).isEqualTo("5120.0 TiB");
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        SplittableRandom rnd = new SplittableRandom(5);
        for (int i = 0; i < 20_000; i++) {
            long b = rnd.nextLong(1L << rnd.nextInt(1, 63));
            double v = b;
            int u = 0;
            while (v >= 1024 && u < units.length - 1) {
                v /= 1024;
                u++;
            }
            String expected = u == 0 ? b + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
            assertThat(Quantity.bytes(b)).as("%d", b).isEqualTo(expected);
        }
    }
}
