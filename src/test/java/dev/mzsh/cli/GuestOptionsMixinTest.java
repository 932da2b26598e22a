package dev.mzsh.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mzsh.commands.UsageException;
import dev.mzsh.vm.UserNetwork;
import java.util.Optional;
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
        assertThatThrownBy(m::toOptions)
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("newest, v26, v6.6-old, 4.x, current, legacy, off");
    }

    @picocli.CommandLine.Command(name = "t")
    static final class Holder {
        @picocli.CommandLine.Mixin
        GuestOptionsMixin guest = new GuestOptionsMixin();
    }

    private static dev.mzsh.session.GuestOptions parse(String... args) {
        Holder h = new Holder();
        new picocli.CommandLine(h).parseArgs(args);
        return h.guest.toOptions();
    }

    @Test
    void noNetworkUnlessAskedFor() {
        assertThat(parse().network()).isEmpty();
        assertThat(parse("--net", "none").network()).isEmpty();
    }

    @Test
    void netUserIsTheFullUserNetworkWithoutForwards() {
        assertThat(parse("--net", "user").network()).contains(new UserNetwork(false, Optional.empty()));
        assertThat(parse("--net", "restricted").network()).contains(new UserNetwork(true, Optional.empty()));
    }

    @Test
    void sshPortAloneIsARestrictedNetworkWithTheForward() {
        assertThat(parse("--ssh-port", "2222").network()).contains(new UserNetwork(true, Optional.of(2222)));
        assertThat(parse("--net", "user", "--ssh-port", "2222").network())
                .contains(new UserNetwork(false, Optional.of(2222)));
    }

    @Test
    void badNetworkOptionsAreUsageErrors() {
        assertThatThrownBy(() -> parse("--net", "bridge"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("user, restricted, none");
        assertThatThrownBy(() -> parse("--ssh-port", "0"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("1 to 65535");
        assertThatThrownBy(() -> parse("--ssh-port", "65536")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> parse("--net", "none", "--ssh-port", "2222")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> parse("--initrd", "/tmp/x.img", "--ssh-port", "2222"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--initrd");
    }
}
