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
    void unknownSimGenerationIsPicocliUsageErrorListingTheChoices() {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream saved = System.err;
        int status;
        try {
            System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
            status = Main.commandLine().execute("--sim", "future", "-c", "status");
        } finally {
            System.setErr(saved);
        }
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("--sim", "future", "current, legacy, off");
    }
}
