package dev.mzsh.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mzsh.memorizer.ExperimentUnderWay;
import dev.mzsh.memorizer.ExperimentUnderWay.Stage;
import dev.mzsh.memorizer.Mode;
import org.junit.jupiter.api.Test;

/** What the crash report says of an experiment the crash cut short, at each of its steps. */
class CrashReportTest {
    private static ExperimentUnderWay at(Stage stage) {
        return new ExperimentUnderWay("ls -l /", Mode.parse("2"), stage);
    }

    @Test
    void aCrashWhilePreparingSaysNothingWasTraced() {
        assertThat(CrashReport.cutShort(at(Stage.PREPARING), true))
                .startsWith("'ls -l /' in mode 2 (marked processes and interrupts) crashed while being prepared")
                .contains("nothing of it was traced")
                .doesNotContain("vmcore");
    }

    @Test
    void aCrashWhileTracingSaysTheKmapWasNeverRead() {
        assertThat(CrashReport.cutShort(at(Stage.TRACING), true))
                .contains("crashed while traced: its kmap was never read, so none of it reached the host")
                .endsWith("only in the guest's memory, which the vmcore holds");
    }

    @Test
    void withoutADumpTheRecordsAreSaidToBeGone() {
        assertThat(CrashReport.cutShort(at(Stage.TRACING), false))
                .endsWith("went with the guest's memory (--no-dump)")
                .doesNotContain("vmcore");
    }

    @Test
    void aCrashWhileReadingKmapKeepsNoUnverifiedPart() {
        assertThat(CrashReport.cutShort(at(Stage.READING_KMAP), true))
                .contains("crashed while its kmap was copied to the host: the unverified part is not kept");
    }
}
