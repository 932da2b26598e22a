package dev.mzsh.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mzsh.host.HostMissingException;
import dev.mzsh.host.Requirement;
import dev.mzsh.session.GuestOptions;
import dev.mzsh.session.HostTools;
import dev.mzsh.session.Installation;
import dev.mzsh.session.RunDirectory;
import dev.mzsh.session.Session;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GdbCommandTest {
    @TempDir
    Path dir;

    @Test
    void withoutGdbOnTheHostTheVerbNamesTheAptFixBeforeBooting() throws Exception {
        GuestOptions options = GuestOptions.defaults();
        PrintStream p = new PrintStream(new ByteArrayOutputStream(), true);
        try (Session session = new Session(
                new Installation(dir, dir.resolve("cache")), options, RunDirectory.exactly(dir.resolve("run")), p)) {
            Foreground terminal = endpoint -> {
                throw new AssertionError("gdb must not be started");
            };
            ShellContext ctx = new ShellContext(session, new ByteArrayOutputStream(), p, p, terminal);
            Requirement absent = new Requirement("gdb", "test", List.of(dir.resolve("no-gdb")), "gdb", false);

            assertThatThrownBy(() -> new GdbCommand(ctx, () -> HostTools.find(absent, "gdb")).call())
                    .isInstanceOfSatisfying(
                            HostMissingException.class,
                            e -> assertThat(e.fix()).isEqualTo("sudo apt-get install -y gdb"));
            assertThat(session.currentGuest()).isEmpty();
        }
    }
}
