package dev.mzsh.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class GuestContractTest {
    private static final Path GUEST_ROOT = Path.of(System.getProperty("user.dir"), "initramfs-root");

    @Test
    void theShellFormAssignsEveryNameOnce() {
        String text = GuestContract.shellText();
        GuestContract.variables().forEach((k, v) -> assertThat(text).containsOnlyOnce(k + "='" + v + "'\n"));
        assertThat(text).contains("MZSH_AGENT_DIR='/mnt/mzsh/.agent'");
    }

    @Test
    void theGuestScriptsRepeatNoSharedName() throws Exception {
        try (Stream<Path> files = Files.walk(GUEST_ROOT)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String code = Files.readString(f).replaceAll("(?m)^\\s*#.*$", "");
                assertThat(code)
                        .as(f.toString())
                        .doesNotContain(
                                GuestContract.SHARE,
                                GuestContract.SHARE_TAG,
                                GuestContract.AGENT_PORT,
                                GuestContract.MODULES_LOAD,
                                GuestContract.SIM_MODULE,
                                GuestContract.SSH_HOST_KEY,
                                "/" + GuestContract.AGENT_DIR);
            }
        }
    }
}
