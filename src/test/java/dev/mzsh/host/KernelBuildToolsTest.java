package dev.mzsh.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KernelBuildToolsTest {
    @Test
    void missingToolsAreNamedWithTheAptLineThatInstallsThem() {
        List<Finding> findings = KernelBuildTools.ALL.stream()
                .map(r -> r.debianPackage().equals("flex") || r.debianPackage().equals("libelf-dev")
                        ? new Finding(r, Optional.empty(), "not found")
                        : new Finding(r, Optional.of(Path.of("/usr/bin/x")), ""))
                .toList();
        HostMissingException e = KernelBuildTools.missing(findings);
        assertThat(e.getMessage()).isEqualTo("what a kernel build needs: flex, libelf headers");
        assertThat(e.fix()).isEqualTo("sudo apt-get install -y flex libelf-dev");
    }

    @Test
    void everyToolTheIssueNamesIsLookedFor() {
        assertThat(KernelBuildTools.ALL)
                .extracting(Requirement::debianPackage)
                .contains("gcc", "make", "flex", "bison", "bc", "libelf-dev", "libssl-dev", "dwarves");
        // gcc and make are also the sim's tools, listed once in HostProbe under that purpose.
        assertThat(HostProbe.TOOLS)
                .extracting(Requirement::debianPackage)
                .as("mzsh setup installs them")
                .containsAll(KernelBuildTools.ALL.stream()
                        .map(Requirement::debianPackage)
                        .toList());
    }
}
