package dev.mzsh.memorizer;

import dev.mzsh.target.ExecResult;
import dev.mzsh.target.Target;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The Memorizer of one booted guest: its discovered files and the writes and
 * reads the verbs make. Also holds what lives as long as that boot: a mode
 * armed for the next command (modes 2 and 3) and a running kmap_stream capture.
 */
public final class Memorizer {
    private static final int NO_DIRECTORY = 44;
    private static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(60);

    private final Target target;
    private final MemorizerAbi abi;
    private volatile Mode armed;
    private volatile KmapStreamCapture stream;

    Memorizer(Target target, MemorizerAbi abi) {
        this.target = target;
        this.abi = abi;
    }

    /** Lists the memorizer directory once (mounting debugfs if needed). */
    public static Memorizer discover(Target target, String release) throws IOException, InterruptedException {
        String script = "d=/sys/kernel/debug\n"
                + "[ -d $d/memorizer ] || mountpoint -q $d || mount -t debugfs debugfs $d 2>/dev/null\n"
                + "[ -d $d/memorizer ] || exit " + NO_DIRECTORY + "\n"
                + "ls -1 $d/memorizer\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ExecResult r = target.exec(script, CONTROL_TIMEOUT, out, err);
        if (r.status() == NO_DIRECTORY) {
            throw new NoMemorizerException(release);
        }
        if (!r.ok()) {
            throw new MemorizerException("listing " + MemorizerAbi.DIR + " failed: " + firstLine(err, r));
        }
        TreeSet<String> files = new TreeSet<>(Arrays.asList(out.toString(StandardCharsets.UTF_8).split("\n")));
        files.remove("");
        return new Memorizer(target, MemorizerAbi.of(files));
    }

    public MemorizerAbi abi() {
        return abi;
    }

    public Target target() {
        return target;
    }

    /** Writes {@code value} to the control's file; {@code verb} names the command in errors. */
    public void write(Control control, String value, String verb) throws IOException, InterruptedException {
        String path = abi.path(control, verb);
        run("echo -n " + value + " > " + path, verb);
    }

    /** The control file's text. */
    public String read(Control control, String verb) throws IOException, InterruptedException {
        return run("cat " + abi.path(control, verb), verb);
    }

    /** The mode as the kernel reports it. */
    public Mode mode() throws IOException, InterruptedException {
        return Mode.fromKernel(read(Control.ENABLED, "status"));
    }

    /** A switch's state, or empty when this kernel lacks it. Accepts what kstrtobool prints (Y/N, 1/0). */
    public Optional<Boolean> switchState(Control control) throws IOException, InterruptedException {
        if (!abi.has(control)) {
            return Optional.empty();
        }
        String v = read(control, "status").strip().toLowerCase();
        return Optional.of(v.startsWith("y") || v.startsWith("1") || v.startsWith("t") || v.startsWith("on"));
    }

    /** Arms a mode that marks its writer (2, 3): the next traced command writes it itself. */
    public void arm(Mode mode) {
        armed = mode;
    }

    public Optional<Mode> armed() {
        return Optional.ofNullable(armed);
    }

    /**
     * The shell lines that enable the armed mode from the command's own shell,
     * then forget it; empty when nothing is armed.
     */
    public String takeArmedPrefix() {
        Mode m = armed;
        armed = null;
        if (m == null) {
            return "";
        }
        return enableLine(m);
    }

    /** A guest shell line that writes {@code mode} and stops the script if the kernel refuses it. */
    public String enableLine(Mode mode) {
        String path = abi.path(Control.ENABLED, "enable");
        return "echo -n " + mode.value() + " > " + path
                + " || { echo 'mzsh: the kernel refused mode " + mode.value() + "' >&2; exit 125; }\n";
    }

    public Optional<KmapStreamCapture> stream() {
        return Optional.ofNullable(stream);
    }

    void stream(KmapStreamCapture capture) {
        stream = capture;
    }

    /** Runs a short control script; its stdout, or a one-line error with the guest's stderr. */
    String run(String script, String verb) throws IOException, InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ExecResult r = target.exec(script, CONTROL_TIMEOUT, out, err);
        if (!r.ok()) {
            throw new MemorizerException(verb + ": " + firstLine(err, r));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String firstLine(ByteArrayOutputStream err, ExecResult r) {
        if (r.timedOut()) {
            return "the guest did not finish within " + CONTROL_TIMEOUT.toSeconds() + " s";
        }
        String e = err.toString(StandardCharsets.UTF_8).strip();
        String first = e.isEmpty() ? "exit status " + r.status() : e.lines().findFirst().orElse("");
        // busybox sh: "sh: write error: Invalid argument" - the kernel's refusal
        return first.replaceFirst("^(/\\S+: line \\d+: )?(sh: )?", "");
    }
}
