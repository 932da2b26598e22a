package dev.mzsh.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PersonalisationTest {
    @Test
    void everyLineCarriesTheHostClockAndItsOwnRandomSeed() throws Exception {
        long before = Instant.now().getEpochSecond();
        String a = Personalisation.line(Optional.empty());
        String b = Personalisation.line(Optional.empty());
        long after = Instant.now().getEpochSecond() + 1;

        assertThat(a).matches("time=\\d+ seed=[0-9a-f]{64}");
        long time = Long.parseLong(a.substring(5, a.indexOf(' ')));
        assertThat(time).isBetween(before, after);
        assertThat(a.substring(a.indexOf("seed="))).isNotEqualTo(b.substring(b.indexOf("seed=")));
    }
}
