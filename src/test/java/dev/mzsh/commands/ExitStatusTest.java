package dev.mzsh.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mzsh.host.HostMissingException;
import dev.mzsh.memorizer.MemorizerException;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One mapping from a failure to status and message, for the shell and the entry point alike. */
class ExitStatusTest {
    @Test
    void theShellPutsTheVerbInFrontOfWhatTheLowerLayersSay() {
        MemorizerException e = new MemorizerException("write error: Invalid argument");
        assertThat(ExitStatus.of(e)).isEqualTo(ExitStatus.FAILED);
        assertThat(ExitStatus.message(e, "enable")).isEqualTo("enable: write error: Invalid argument");
        assertThat(ExitStatus.message(new IOException("gone"), "experiment")).isEqualTo("experiment: gone");
        assertThat(ExitStatus.message(new InterruptedException(), "exec")).isEqualTo("exec: cancelled");
    }

    @Test
    void commandLayerMessagesAlreadyNameTheirVerb() {
        assertThat(ExitStatus.message(new CommandFailedException("exec: exit status 1: false"), "exec"))
                .isEqualTo("exec: exit status 1: false");
        assertThat(ExitStatus.of(new UsageException("x"))).isEqualTo(ExitStatus.USAGE);
    }

    @Test
    void aMissingHostToolNamesTheFixOnce() {
        HostMissingException e = new HostMissingException("gdb (needed by the gdb verb)", List.of("gdb"));
        assertThat(ExitStatus.of(e)).isEqualTo(ExitStatus.HOST_MISSING);
        assertThat(ExitStatus.message(e, "gdb"))
                .isEqualTo("the host lacks gdb (needed by the gdb verb); fix: sudo apt-get install -y gdb");
    }

    @Test
    void theTableHasEveryStatus() {
        assertThat(ExitStatus.TABLE).containsOnlyKeys("0", "1", "2", "3", "4");
    }
}
