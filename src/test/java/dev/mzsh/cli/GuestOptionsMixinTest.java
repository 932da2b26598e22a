package dev.mzsh.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mzsh.commands.UsageException;
import org.junit.jupiter.api.Test;

class GuestOptionsMixinTest {
    @Test
    void memorySizesInMiB() {
        assertThat(GuestOptionsMixin.parseMiB("2G")).isEqualTo(2048);
        assertThat(GuestOptionsMixin.parseMiB("1536M")).isEqualTo(1536);
        assertThat(GuestOptionsMixin.parseMiB("768")).isEqualTo(768);
        assertThatThrownBy(() -> GuestOptionsMixin.parseMiB("lots")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> GuestOptionsMixin.parseMiB("1M")).isInstanceOf(UsageException.class);
    }

    @Test
    void unknownSimGenerationIsAUsageError() {
        GuestOptionsMixin m = new GuestOptionsMixin();
        m.sim = "future";
        assertThatThrownBy(m::toOptions).isInstanceOf(UsageException.class).hasMessageContaining("newest, v26, v6.6-old, 4.x, current, legacy, off");
    }
}
