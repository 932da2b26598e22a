import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Steady-state A/B of two builds' kmap analyses in one JVM: each jar in its own class loader,
 * their passes over one kmap alternated (A B, B A, ...), so that both sides see the same minute
 * of a host whose speed drifts by tens of percent. Prints the median of the pairs' time ratios
 * A/B after the first third of the passes (warm-up), with its quartiles.
 *
 * <p>Usage: java bench/KmapAB.java KMAP PASSES THREADS JAR_A access|summary JAR_B access|summary
 *
 * <p>Run a jar against a copy of itself first: the ratio it prints (about 0.98-1.03 here) is the
 * noise and the first-loaded side's bias.
 */
public class KmapAB {
    private record Side(String name, Method run, Object options) {}

    private static Side side(String jar, String what, int threads) throws Exception {
        URLClassLoader loader =
                new URLClassLoader(new URL[] {Path.of(jar).toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        Class<?> options = loader.loadClass("dev.mzsh.kmap.KmapOptions");
        Object o = options.getMethod("withThreads", int.class)
                .invoke(options.getMethod("defaults").invoke(null), threads);
        Method run = what.equals("access")
                ? loader.loadClass("dev.mzsh.kmap.AccessAnalyzer").getMethod("analyze", Path.class, options)
                : loader.loadClass("dev.mzsh.kmap.KmapAnalyzer").getMethod("summarize", Path.class, options);
        return new Side(jar + " " + what, run, o);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            System.err.println("usage: java bench/KmapAB.java KMAP PASSES THREADS JAR_A access|summary JAR_B access|summary");
            System.exit(2);
        }
        Path kmap = Path.of(args[0]);
        int passes = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        Side[] sides = {side(args[3], args[4], threads), side(args[5], args[6], threads)};
        double[][] ms = new double[2][passes];
        double[] ratio = new double[passes];
        for (int i = 0; i < passes; i++) {
            for (int k = 0; k < 2; k++) {
                int s = i % 2 == 0 ? k : 1 - k;
                long t0 = System.nanoTime();
                sides[s].run().invoke(null, kmap, sides[s].options());
                ms[s][i] = (System.nanoTime() - t0) / 1e6;
            }
            ratio[i] = ms[0][i] / ms[1][i];
        }
        int warm = passes / 3;
        double[] r = Arrays.copyOfRange(ratio, warm, passes);
        Arrays.sort(r);
        for (int s = 0; s < 2; s++) {
            double[] m = Arrays.copyOfRange(ms[s], warm, passes);
            Arrays.sort(m);
            System.out.printf("%s: median %.0f ms a pass%n", sides[s].name(), m[m.length / 2]);
        }
        System.out.printf(
                "ratio A/B of the time a pass: median %.3f (quartiles %.3f-%.3f, %d pairs)%n",
                r[r.length / 2], r[r.length / 4], r[3 * r.length / 4], r.length);
    }
}
