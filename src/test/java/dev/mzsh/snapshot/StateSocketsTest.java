package dev.mzsh.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mzsh.vm.PrivateSockets;
import org.junit.jupiter.api.Test;

class StateSocketsTest {
    /** A longer name fits most run directories and fails on long ones only (a CI job's nested path). */
    @Test
    void theStateSocketsFitThePrivateSocketDirectory() {
        assertThat(StateLoader.SOCKET.length()).isLessThanOrEqualTo(PrivateSockets.LONGEST_NAME);
        assertThat(StateSaver.SOCKET.length()).isLessThanOrEqualTo(PrivateSockets.LONGEST_NAME);
    }
}
