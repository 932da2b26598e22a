package dev.mzsh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mzsh.testing.InProcessShell;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console verb on a real guest: typed bytes reach the guest's console shell, its output comes back. */
class ConsoleIT {
    @TempDir
    Path work;

    @Test
    void consoleAttachesRawAndLeavingItLeavesTheGuestRunning() throws Exception {
        ScriptedForeground fg = new ScriptedForeground();
        try (InProcessShell sh = InProcessShell.booting(work.resolve("run"), fg)) {
            assertThat(sh.run("exec true")).as(sh.err()).isZero();
            fg.next(s -> {
                // The arithmetic proves a shell ran it: the echoed input alone does not contain "mz42".
                s.type("echo mz$((6*7))\r");
                s.await("mz42", Duration.ofSeconds(20));
                assertThat(s.endpoint.ended()).isNotDone();
            });
            assertThat(sh.run("console")).as(sh.err()).isZero();
            assertThat(sh.err()).contains("guest console; Ctrl-] returns to mzsh");
            sh.clearOutput();
            assertThat(sh.run("exec echo alive")).as(sh.err()).isZero();
            assertThat(sh.out()).isEqualTo("alive\n");
            assertThat(sh.run("console off")).isZero();
            assertThat(sh.session().consoleEcho()).isFalse();
            assertThat(sh.run("console on")).isZero();
            assertThat(sh.session().consoleEcho()).isTrue();
            assertThat(sh.run("console sideways")).isEqualTo(2);
        }
    }
}
