import java.io.File;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Two commands timed in paired rounds, their order alternated (A B, then B A, ...), so that both
 * see the same minute of a host whose speed drifts by tens of percent between minutes. Prints
 * each side's median wall time and the median of the rounds' ratios A/B with a bootstrap 95%
 * interval (fixed seed): an interval that excludes 1.00 is a difference the host's noise does
 * not explain. One 9-round kmap-bench moves by about 3% from run to run here; 30-40 rounds give
 * an interval of about ±2.5%.
 *
 * <p>Usage: java bench/PairedRounds.java ROUNDS 'COMMAND A' 'COMMAND B'   (each run by bash -c,
 * its stdout discarded; both must exit 0)
 *
 * <p>Example, the access map against the summary before it (jar built by BASELINE=dbde8b1~1
 * bench/kmap-bench):
 * java bench/PairedRounds.java 30 'java -Xmx256m -XX:+UseSerialGC -jar BASELINE.jar kmap summary K'
 * 'java -Xmx256m -XX:+UseSerialGC -jar target/mzsh.jar kmap access K'
 */
public class PairedRounds {
    public static void main(String[] args) throws Exception {
        if (args.length != 3 || !args[0].matches("[1-9][0-9]*")) {
            System.err.println("usage: java bench/PairedRounds.java ROUNDS 'COMMAND A' 'COMMAND B'");
            System.exit(2);
        }
        int rounds = Integer.parseInt(args[0]);
        double[] a = new double[rounds];
        double[] b = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            if (r % 2 == 0) {
                a[r] = seconds(args[1]);
                b[r] = seconds(args[2]);
            } else {
                b[r] = seconds(args[2]);
                a[r] = seconds(args[1]);
            }
        }
        double[] ratio = new double[rounds];
        int bFaster = 0;
        for (int r = 0; r < rounds; r++) {
            ratio[r] = a[r] / b[r];
            bFaster += ratio[r] > 1 ? 1 : 0;
        }
        double[] boot = new double[4000];
        SplittableRandom rnd = new SplittableRandom(42);
        double[] sample = new double[rounds];
        for (int i = 0; i < boot.length; i++) {
            for (int k = 0; k < rounds; k++) {
                sample[k] = ratio[rnd.nextInt(rounds)];
            }
            boot[i] = median(sample);
        }
        Arrays.sort(boot);
        System.out.printf(
                "A median %.3f s, B median %.3f s; A/B per round: median %.3f, 95%% interval %.3f-%.3f;"
                        + " B faster in %d of %d rounds%n",
                median(a), median(b), median(ratio), boot[boot.length / 40], boot[boot.length - 1 - boot.length / 40],
                bFaster, rounds);
    }

    private static double seconds(String command) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(List.of("bash", "-c", command))
                .redirectOutput(ProcessBuilder.Redirect.to(new File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        int rc = p.waitFor();
        long t1 = System.nanoTime();
        if (rc != 0) {
            System.err.println("PairedRounds: '" + command + "' exited " + rc + "; fix it before timing it");
            System.exit(1);
        }
        return (t1 - t0) / 1e9;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
