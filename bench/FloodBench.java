import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import dev.mzsh.commands.Shell;
import dev.mzsh.commands.ShellContext;
import dev.mzsh.session.Guest;
import dev.mzsh.session.GuestOptions;
import dev.mzsh.session.Installation;
import dev.mzsh.session.RunDirectory;
import dev.mzsh.session.Session;
import dev.mzsh.ui.split.ResultsLog;
import dev.mzsh.ui.split.SplitForeground;
import dev.mzsh.ui.split.SplitView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keystroke-to-echo latency of the split view's command line, idle against a guest
 * flooding its serial console, in one run. The real split view (SplitView.run: its
 * UI loop, render throttle, emulator) runs in this JVM on a Lanterna virtual
 * terminal of 200x50 with a real booted guest; a key is put into the terminal's
 * input and the time until its character appears on the command row is taken.
 * Then the flood goes on for 60 s and this JVM's resident memory is read.
 *
 * Args: WORKDIR KEYS
 */
public class FloodBench {
    static DefaultVirtualTerminal vt;
    // The split view sends System.out/err to its results pane while it runs: keep the real ones.
    static final java.io.PrintStream OUT = System.out;
    static final java.io.PrintStream ERR = System.err;

    public static void main(String[] args) {
        try {
            bench(args);
            System.exit(0);
        } catch (Throwable e) {
            e.printStackTrace(ERR);
            System.exit(1);
        }
    }

    static void bench(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int keys = Integer.parseInt(args[1]);
        Files.createDirectories(work);
        Path runDir = work.resolve("run-" + System.currentTimeMillis());
        GuestOptions options = GuestOptions.defaults();
        ResultsLog results = new ResultsLog();
        SplitForeground foreground = new SplitForeground();
        AtomicLong consoleBytes = new AtomicLong();
        try (Session session = new Session(Installation.detect(), options, RunDirectory.exactly(runDir),
                results.printStream())) {
            session.subscribeConsole(b -> consoleBytes.addAndGet(b.length));
            ShellContext ctx = new ShellContext(session, results.stream(), results.printStream(),
                    results.printStream(), foreground);
            SplitView view = new SplitView(new Shell(ctx), session, results, foreground, work.resolve("history"));
            vt = new DefaultVirtualTerminal(new TerminalSize(200, 50));
            TerminalScreen screen = new TerminalScreen(vt);
            screen.startScreen();
            Thread ui = new Thread(() -> {
                try {
                    view.run(screen);
                } catch (Exception e) {
                    e.printStackTrace();
                }
            }, "bench-ui");
            ui.start();
            long t0 = System.nanoTime();
            while (session.currentGuest().filter(Guest::alive).isEmpty() || !row(49).startsWith("mzsh[running")) {
                if (System.nanoTime() - t0 > 240e9) {
                    throw new IllegalStateException("the guest did not boot; results:\n" + results.lines());
                }
                Thread.sleep(100);
            }
            ERR.printf("flood-bench: guest up after %.1f s%n", (System.nanoTime() - t0) / 1e9);
            Thread.sleep(1500);
            List<Double> idle = measure(keys);
            typeLine("exec sh -c 'while :; do echo flood $RANDOM $RANDOM $RANDOM; done > /dev/ttyS0 2>&1 &'");
            long f0 = System.nanoTime();
            long b0 = consoleBytes.get();
            Thread.sleep(3000);
            if (consoleBytes.get() - b0 < 10_000) {
                throw new IllegalStateException("the guest is not flooding its console; results:\n" + results.lines());
            }
            ERR.printf("flood-bench: idle measured; console flooding at %.0f KiB/s%n",
                    (consoleBytes.get() - b0) / 3.0 / 1024);
            List<Double> flood = measure(keys);
            ERR.println("flood-bench: flood measured; flooding until 60 s have passed");
            while (System.nanoTime() - f0 < 60e9) {
                Thread.sleep(500);
            }
            double rate = (consoleBytes.get() - b0) / ((System.nanoTime() - f0) / 1e9) / 1024;
            System.gc();
            long rss = rssKiB();
            if (System.getenv("BENCH_THREADS") != null) {
                var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
                for (Thread t : Thread.getAllStackTraces().keySet()) {
                    long b = mx.getThreadAllocatedBytes(t.getId());
                    if (b > 50_000_000L) {
                        ERR.printf("  allocated %5d MB  %s%n", b >> 20, t.getName());
                    }
                }
            }
            OUT.printf("console flood: %.0f KiB/s over %.0f s%n", rate, (System.nanoTime() - f0) / 1e9);
            OUT.printf("idle:  p50 %.2f ms  p99 %.2f ms  (%d keys)%n", pct(idle, 50), pct(idle, 99), idle.size());
            OUT.printf("flood: p50 %.2f ms  p99 %.2f ms  (%d keys)%n", pct(flood, 50), pct(flood, 99), flood.size());
            OUT.printf("resident memory after 60 s of flood: %d MiB (target < 300)%n", rss / 1024);
            typeLine("quit");
            ui.join(30_000);
            screen.stopScreen();
            OUT.printf("ratio flood/idle p99=%.2f (baseline: idle keystroke echo in the same run; "
                    + "targets <= 2 and flood p99 < 50 ms)%n", pct(flood, 99) / pct(idle, 99));
        }
    }

    static String row(int r) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < 200; c++) {
            sb.append(vt.getCharacter(c, r).getCharacterString());
        }
        return sb.toString();
    }

    static void typeLine(String line) throws InterruptedException {
        vt.addInput(new KeyStroke('u', true, false)); // an empty line first
        for (char c : line.toCharArray()) {
            vt.addInput(new KeyStroke(c, false, false));
        }
        vt.addInput(new KeyStroke(KeyType.Enter));
        Thread.sleep(2000);
    }

    /** Types keys one at a time, each once the previous one showed; returns the echo latencies in ms. */
    static List<Double> measure(int keys) throws InterruptedException {
        // the prompt as drawn now (it carries the Memorizer mode, e.g. "mzsh[running mode=0]> ")
        String prompt = row(49).substring(0, row(49).indexOf("]> ") + 3);
        List<Double> ms = new ArrayList<>();
        int col = prompt.length();
        for (int i = 0; i < keys; i++) {
            if (col >= 150) {
                vt.addInput(new KeyStroke('u', true, false));
                waitFor(prompt.length(), ' ', 2_000_000_000L);
                col = prompt.length();
            }
            char c = (char) ('a' + i % 26);
            long t = System.nanoTime();
            vt.addInput(new KeyStroke(c, false, false));
            if (!waitFor(col, c, 2_000_000_000L)) {
                throw new IllegalStateException("key " + c + " never showed at column " + col + ": " + row(49));
            }
            ms.add((System.nanoTime() - t) / 1e6);
            col++;
            Thread.sleep(15); // a fast typist: about 60 keys a second
        }
        return ms;
    }

    static boolean waitFor(int col, char c, long timeoutNanos) {
        long end = System.nanoTime() + timeoutNanos;
        while (vt.getCharacter(col, 49).getCharacterString().charAt(0) != c) {
            if (System.nanoTime() > end) {
                return false;
            }
            // a short sleep, not a spin: on 2 cores a spinning probe would starve the UI it measures
            java.util.concurrent.locks.LockSupport.parkNanos(100_000);
        }
        return true;
    }

    static double pct(List<Double> v, int p) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        return s.get(Math.min(s.size() - 1, (int) Math.ceil(p / 100.0 * s.size()) - 1));
    }

    static long rssKiB() throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
