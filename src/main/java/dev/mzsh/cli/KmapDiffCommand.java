package dev.mzsh.cli;

import dev.mzsh.commands.ExitStatus;
import dev.mzsh.kmap.KmapAnalyzer;
import dev.mzsh.kmap.KmapDiff;
import dev.mzsh.kmap.KmapDiffReport;
import dev.mzsh.kmap.KmapOptions;
import dev.mzsh.kmap.KmapResults;
import dev.mzsh.kmap.KmapSyntaxException;
import dev.mzsh.kmap.Quantity;
import dev.mzsh.ui.TerminalSafeText;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.TypeConversionException;

/** {@code mzsh kmap diff A B}: what changed between two kmaps, and a growth check for CI. */
@Command(
        name = "diff",
        description = {
            "What changed from kmap A to kmap B: totals, then per allocation site, slab",
            "cache, command and access pair the change in objects, bytes, reads and writes, largest first.",
            "With --fail-on-growth, exits 1 when a total grows beyond the limit (0 otherwise): a CI job",
            "then fails on an allocation regression."
        })
final class KmapDiffCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "A", description = "the kmap before (the baseline)")
    Path a;

    @Parameters(index = "1", paramLabel = "B", description = "the kmap after")
    Path b;

    @Option(
            names = "--fail-on-growth",
            paramLabel = "MEASURE=LIMIT",
            converter = LimitConverter.class,
            description = {
                "exit 1 when MEASURE (objects, bytes, reads, writes, access-lines) grows from A to B",
                "by more than LIMIT: a count (objects=100) or a percentage of A (bytes=5%%); repeatable"
            })
    List<Limit> limits = new ArrayList<>();

    @Option(
            names = "--top",
            paramLabel = "N",
            defaultValue = "10",
            description = "changed rows per list (default: ${DEFAULT-VALUE})")
    int top;

    @Mixin
    KmapReadOptionsMixin read;

    @ParentCommand
    KmapCommand parent;

    /** A growth limit: more than {@code amount} (or {@code amount} percent of A's total when {@code percent}). */
    record Limit(KmapDiff.Measure measure, long amount, boolean percent) {
        boolean exceeded(KmapDiff d) {
            long growth = d.change(measure);
            if (percent) {
                // growth / A > amount %  <=>  growth * 100 > amount * A, exactly (A 0: any growth)
                return growth > 0
                        && BigInteger.valueOf(growth)
                                        .multiply(BigInteger.valueOf(100))
                                        .compareTo(BigInteger.valueOf(amount)
                                                .multiply(BigInteger.valueOf(measure.of(d.a()))))
                                > 0;
            }
            return growth > amount;
        }

        String text() {
            return percent ? amount + "%" : Quantity.count(amount);
        }
    }

    static final class LimitConverter implements ITypeConverter<Limit> {
        @Override
        public Limit convert(String value) {
            int eq = value.indexOf('=');
            if (eq < 0) {
                throw new TypeConversionException(
                        "'" + value + "' is not MEASURE=LIMIT (e.g. objects=100 or bytes=5%)");
            }
            KmapDiff.Measure m = null;
            for (KmapDiff.Measure x : KmapDiff.Measure.values()) {
                if (x.label().equals(value.substring(0, eq).toLowerCase(Locale.ROOT))) {
                    m = x;
                }
            }
            if (m == null) {
                throw new TypeConversionException("unknown measure '" + value.substring(0, eq)
                        + "'; one of objects, bytes, reads, writes, access-lines");
            }
            String limit = value.substring(eq + 1);
            boolean percent = limit.endsWith("%");
            try {
                long n = Long.parseLong(percent ? limit.substring(0, limit.length() - 1) : limit);
                if (n < 0) {
                    throw new NumberFormatException();
                }
                return new Limit(m, n, percent);
            } catch (NumberFormatException e) {
                throw new TypeConversionException(
                        "limit '" + limit + "' is not a count or a percentage (e.g. 100 or 5%)");
            }
        }
    }

    @Override
    public Integer call() throws IOException {
        if (top < 1) {
            return KmapCommand.usage("--top must be at least 1");
        }
        if (read.problem() != null) {
            return KmapCommand.usage(read.problem());
        }
        KmapDiff diff;
        try {
            KmapOptions options = read.options(Integer.MAX_VALUE, parent.parent.vmlinux(), false);
            Path fa = KmapCommand.readable(a, "kmap");
            Path fb = KmapCommand.readable(b, "kmap");
            // one pass per kmap gives both the summary and the access map
            KmapResults ra = KmapAnalyzer.summarizeWithAccess(fa, options);
            KmapResults rb = KmapAnalyzer.summarizeWithAccess(fb, options);
            diff = KmapDiff.of(ra.summary(), rb.summary(), ra.access(), rb.access());
        } catch (NoSuchFileException e) {
            return KmapCommand.usage(e.getMessage());
        } catch (KmapSyntaxException e) {
            return KmapCommand.usage(e.getMessage() + read.syntaxHint());
        } catch (IOException e) {
            return KmapCommand.usage(e.getMessage());
        }
        // names in a kmap are the guest's: shown, never obeyed by the terminal
        System.out.print(TerminalSafeText.of(KmapDiffReport.text(diff, top)));
        System.out.flush();
        int status = ExitStatus.OK;
        for (Limit l : limits) {
            if (l.exceeded(diff)) {
                System.err.println(
                        "mzsh: " + l.measure().label() + " grew by " + Quantity.count(diff.change(l.measure()))
                                + " (" + Quantity.count(l.measure().of(diff.a())) + " -> "
                                + Quantity.count(l.measure().of(diff.b()))
                                + "), more than the limit of " + l.text());
                status = ExitStatus.FAILED;
            }
        }
        return status;
    }
}
