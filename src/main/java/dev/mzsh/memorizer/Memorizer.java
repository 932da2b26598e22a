package dev.mzsh.memorizer;

import dev.mzsh.machine.ExecResult;
import dev.mzsh.machine.Target;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The Memorizer of one booted guest: its discovered files and the writes and
 * reads the verbs make. Also holds what lives as long as that boot: a mode
 * armed for the next command (modes 2 and 3), a running kmap_stream capture and an
 * experiment under way.
 */
public final class Memorizer {
    private static final int NO_DIRECTORY = 44;
    private static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(60);

    private final Target target;
    private final MemorizerAbi abi;
    private volatile Mode armed;
    private volatile StreamCapture stream;
    private volatile ExperimentUnderWay experiment;
    /** What mzsh last read or wrote, for prompts and status bars that must not ask the guest. */
    private volatile Mode lastMode;

    private final Map<Control, Boolean> lastSwitches = new ConcurrentHashMap<>();

    /** The mode and every switch: what discovery reads back on each boot. */
    private static final List<Control> STATE_CONTROLS = Stream.concat(
                    Stream.of(Control.ENABLED), Arrays.stream(Switch.values()).map(Switch::control))
            .toList();

    private static final String STATES_MARK = "--mzsh-states--";
    private static final String PROC_MARK = "--mzsh-proc-entry--";
    private static final String SIM_MARK = "--mzsh-sim-abi-- ";

    Memorizer(Target target, MemorizerAbi abi) {
        this.target = target;
        this.abi = abi;
    }

    /**
     * Lists the memorizer directory once (mounting debugfs if needed) and, in the
     * same guest command, reads the mode and the shown switches: one round trip on
     * every boot's path.
     */
    public static Memorizer discover(Target target, String release) throws IOException, InterruptedException {
        StringBuilder states = new StringBuilder();
        for (Control c : STATE_CONTROLS) {
            for (String name : c.names()) {
                states.append(' ').append(name);
            }
        }
        String script = "d=/sys/kernel/debug\n"
                + "[ -d $d/memorizer ] || mountpoint -q $d || mount -t debugfs debugfs $d 2>/dev/null\n"
                + "[ -d $d/memorizer ] || exit " + NO_DIRECTORY + "\n"
                + "cd $d/memorizer && ls -1\n"
                + "echo " + STATES_MARK + "\n"
                + "for f in" + states + "; do [ -r $f ] && read -r v < $f && echo \"$f $v\"; done\n"
                + "[ -e /proc/self/memorizer_enabled ] && echo " + PROC_MARK + "\n"
                + "[ -r " + MemorizerAbi.SIM_ABI_PARAMETER + " ] && read -r a < " + MemorizerAbi.SIM_ABI_PARAMETER
                + " && echo \"" + SIM_MARK + "$a\"\n"
                + "exit 0\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ExecResult r = target.exec(script, CONTROL_TIMEOUT, out, err);
        if (r.status() == NO_DIRECTORY) {
            throw new NoMemorizerException(release);
        }
        if (!r.ok()) {
            throw new MemorizerException("listing " + MemorizerAbi.DIR + " failed: " + firstLine(err, r));
        }
        String[] parts = out.toString(StandardCharsets.UTF_8).split(STATES_MARK + "\n", 2);
        TreeSet<String> files = new TreeSet<>(Arrays.asList(parts[0].split("\n")));
        files.remove("");
        String read = parts.length > 1 ? parts[1] : "";
        boolean proc = read.lines().anyMatch(PROC_MARK::equals);
        String enabled = read.lines()
                .filter(l -> l.startsWith(Control.ENABLED.names().get(0) + " "))
                .map(l -> l.substring(l.indexOf(' ') + 1))
                .findFirst()
                .orElse(null);
        // the guest's word: only a known generation name counts (Generation.simulated), never printed as is
        String sim = read.lines()
                .filter(l -> l.startsWith(SIM_MARK))
                .map(l -> l.substring(SIM_MARK.length()))
                .findFirst()
                .orElse(null);
        Memorizer m = new Memorizer(target, MemorizerAbi.of(files, enabled, proc, sim));
        m.remember(read);
        return m;
    }

    /** Takes "FILE VALUE" lines of the mode and switch files into the last-known state. */
    private void remember(String lines) {
        for (String line : lines.split("\n")) {
            String[] fv = line.split(" ", 2);
            if (fv.length < 2) {
                continue;
            }
            for (Control c : STATE_CONTROLS) {
                if (abi.file(c).filter(fv[0]::equals).isPresent()) {
                    if (c == Control.ENABLED) {
                        // a read-back mzsh does not know is shown by status, never fatal here
                        lastMode = Mode.readBack(fv[1]).orElse(null);
                    } else {
                        lastSwitches.put(c, parseBool(fv[1]));
                    }
                }
            }
        }
    }

    public MemorizerAbi abi() {
        return abi;
    }

    public Target target() {
        return target;
    }

    /** Writes {@code value} to the control's file. */
    public void write(Control control, String value) throws IOException, InterruptedException {
        String path = abi.path(control);
        if (control == Control.ENABLED) {
            checkSupported(Mode.fromKernel(value));
        }
        run("echo -n " + value + " > " + path);
        if (control == Control.ENABLED) {
            lastMode = Mode.fromKernel(value);
        } else if (control.kind() == Control.Kind.SWITCH) {
            lastSwitches.put(control, value.equals("1"));
        }
    }

    /** The control file's text. */
    public String read(Control control) throws IOException, InterruptedException {
        return run("cat " + abi.path(control));
    }

    /** Which CPUs are online now (Memorizer's modes take CPUs offline on the newest kernels). */
    public OnlineCpus cpus() throws IOException, InterruptedException {
        return OnlineCpus.parse(run(OnlineCpus.SCRIPT));
    }

    /** The mode as the kernel reports it. */
    public Mode mode() throws IOException, InterruptedException {
        Mode m = Mode.fromKernel(read(Control.ENABLED));
        lastMode = m;
        return m;
    }

    /** The mode as last read or written by mzsh, without asking the guest. */
    public Optional<Mode> lastKnownMode() {
        return Optional.ofNullable(lastMode);
    }

    /** A switch as last read or written by mzsh, without asking the guest. */
    public Optional<Boolean> lastKnownSwitch(Switch s) {
        return Optional.ofNullable(lastSwitches.get(s.control()));
    }

    private static boolean parseBool(String text) {
        String v = text.strip().toLowerCase();
        return v.startsWith("y") || v.startsWith("1") || v.startsWith("t") || v.startsWith("on");
    }

    /** A switch's state, or empty when this kernel lacks it. Accepts what kstrtobool prints (Y/N, 1/0). */
    public Optional<Boolean> switchState(Switch s) throws IOException, InterruptedException {
        if (!abi.has(s.control())) {
            return Optional.empty();
        }
        boolean on = parseBool(read(s.control()));
        lastSwitches.put(s.control(), on);
        return Optional.of(on);
    }

    /** Arms a mode that marks its writer (2, 3): the next traced command writes it itself. */
    public void arm(Mode mode) {
        if (mode != null) {
            checkSupported(mode);
        }
        armed = mode;
    }

    /**
     * Refuses modes the kernel's memorizer_enabled cannot take: on 4.x it is a
     * plain boolean, so 2, 3 and pids would be ignored without an error.
     */
    public void checkSupported(Mode mode) {
        if (!abi.generation().hasModes() && mode.value() > 1) {
            throw new MemorizerException("this kernel (" + abi.generation().shortName()
                    + ") has only on/off in memorizer_enabled, no mode " + mode.value()
                    + "; use 'enable 1' or 'disable'");
        }
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
        lastMode = m;
        return enableLine(m);
    }

    /** A guest shell line that writes {@code mode} and stops the script if the kernel refuses it. */
    public String enableLine(Mode mode) {
        checkSupported(mode);
        String path = abi.path(Control.ENABLED);
        return "echo -n " + mode.value() + " > " + path + " || { echo 'mzsh: the kernel refused mode " + mode.value()
                + "' >&2; exit 125; }\n";
    }

    public Optional<StreamCapture> stream() {
        return Optional.ofNullable(stream);
    }

    void stream(StreamCapture capture) {
        stream = capture;
    }

    /** The experiment begun and not finished in this boot, if any (what a crash cut short). */
    public Optional<ExperimentUnderWay> experiment() {
        return Optional.ofNullable(experiment);
    }

    void experiment(ExperimentUnderWay e) {
        experiment = e;
    }

    /** Runs a short control script; its stdout, or a one-line error with the guest's stderr. */
    String run(String script) throws IOException, InterruptedException {
        return run(script, CONTROL_TIMEOUT);
    }

    /**
     * Runs a script that reads a whole kmap (draining it, for instance): a real
     * KASAN kernel takes minutes for that, so it has no wall-clock limit.
     */
    String runReadingKmap(String script) throws IOException, InterruptedException {
        return run(script, Duration.ZERO);
    }

    private String run(String script, Duration timeout) throws IOException, InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ExecResult r = target.exec(script, timeout, out, err);
        if (!r.ok()) {
            throw new MemorizerException(firstLine(err, r));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String firstLine(ByteArrayOutputStream err, ExecResult r) {
        if (r.timedOut()) {
            return "the guest did not finish within " + CONTROL_TIMEOUT.toSeconds() + " s";
        }
        String e = err.toString(StandardCharsets.UTF_8).strip();
        String first = e.isEmpty()
                ? "exit status " + r.status()
                : e.lines().findFirst().orElse("");
        // busybox sh: "sh: write error: Invalid argument" - the kernel's refusal
        return first.replaceFirst("^(/\\S+: line \\d+: )?(sh: )?", "");
    }
}
