package dev.mzsh.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class FirstErrorTest {
    private static final Path SRC = Path.of("/src/linux");

    @Test
    void theCompilersFirstErrorWithItsFileAndLineRelativeToTheTree() {
        List<String> log = List.of(
                "  CC      kernel/bounds.s",
                "/src/linux/kernel/bounds.c: In function 'main':",
                "/src/linux/kernel/bounds.c:18:9: warning: unused variable 'x'",
                "/src/linux/kernel/bounds.c:19:14: error: expected ';' before 'is'",
                "/src/linux/kernel/bounds.c:20:1: error: second one",
                "make[1]: *** [scripts/Makefile.build:117: kernel/bounds.s] Error 1");
        assertThat(FirstError.in(log, SRC)).hasValue("kernel/bounds.c:19:14: error: expected ';' before 'is'");
    }

    @Test
    void kconfigSyntaxErrorsAndFatalErrorsCount() {
        assertThat(FirstError.in(List.of("init/Kconfig:5: syntax error"), SRC))
                .hasValue("init/Kconfig:5: syntax error");
        assertThat(FirstError.in(List.of("/src/linux/x.c:3:10: fatal error: y.h: No such file or directory"), SRC))
                .hasValue("x.c:3:10: fatal error: y.h: No such file or directory");
    }

    @Test
    void withoutALocatedErrorMakesOwnLineIsTaken() {
        assertThat(FirstError.in(List.of("ld: something odd", "make[2]: *** [Makefile:1234: vmlinux] Error 1"), SRC))
                .hasValue("make: [Makefile:1234: vmlinux] Error 1");
        assertThat(FirstError.in(List.of("all fine"), SRC)).isEmpty();
    }
}
