package dev.mzsh.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SshAddressTest {
    @Test
    void userHostAndPort() {
        assertThat(SshAddress.parse("ssh://root@127.0.0.1:2222")).isEqualTo(new SshAddress("root", "127.0.0.1", 2222));
        SshAddress a = SshAddress.parse("ssh://me@box.lab");
        assertThat(a.port()).isEqualTo(22);
        assertThat(a.knownHostsName()).isEqualTo("box.lab");
        assertThat(SshAddress.parse("ssh://me@[::1]:22").host()).isEqualTo("::1");
        assertThat(SshAddress.parse("ssh://root@127.0.0.1:2222").knownHostsName())
                .isEqualTo("[127.0.0.1]:2222");
    }

    @Test
    void aPasswordIsRefusedNotUsed() {
        assertThatThrownBy(() -> SshAddress.parse("ssh://root:secret@host"))
                .hasMessageContaining("no password on the command line");
    }

    @Test
    void otherFormsSayWhatIsExpected() {
        assertThatThrownBy(() -> SshAddress.parse("root@host")).hasMessageContaining("is not ssh://USER@HOST[:PORT]");
        assertThatThrownBy(() -> SshAddress.parse("ssh://host")).hasMessageContaining("is not ssh://USER@HOST[:PORT]");
        assertThatThrownBy(() -> SshAddress.parse("ssh://u@h:70000")).hasMessageContaining("out of range");
    }
}
