package dev.mzsh.commands;

import dev.mzsh.host.HostMissingException;
import dev.mzsh.machine.SshAccessException;
import dev.mzsh.machine.TargetGoneException;
import dev.mzsh.memorizer.MemorizerException;
import dev.mzsh.memorizer.NoMemorizerException;
import dev.mzsh.session.GuestFailedException;
import dev.mzsh.session.QemuOnlyException;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * The exit statuses of the design and the one mapping from a failure to its
 * status and one-line message, shared by the shell (every verb) and by the entry
 * point ({@code mzsh} options, subcommands).
 */
public final class ExitStatus implements CommandLine.IExitCodeExceptionMapper {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int GUEST_FAILED = 3;
    public static final int HOST_MISSING = 4;

    /** The table help prints. */
    public static final Map<String, String> TABLE = table();

    private static Map<String, String> table() {
        Map<String, String> t = new LinkedHashMap<>();
        t.put(Integer.toString(OK), "all commands succeeded");
        t.put(Integer.toString(FAILED), "a command failed");
        t.put(Integer.toString(USAGE), "usage error (unknown verb, bad value)");
        t.put(Integer.toString(GUEST_FAILED), "the guest panicked, oopsed or hung");
        t.put(Integer.toString(HOST_MISSING), "the host lacks something (the fix is printed)");
        return Collections.unmodifiableMap(t);
    }

    @Override
    public int getExitCode(Throwable e) {
        return of(e);
    }

    public static int of(Throwable e) {
        if (e instanceof CommandLine.ParameterException
                || e instanceof UsageException
                || e instanceof QemuOnlyException) {
            return USAGE;
        }
        if (e instanceof NoMemorizerException || e instanceof HostMissingException || e instanceof SshAccessException) {
            return HOST_MISSING;
        }
        if (e instanceof GuestFailedException || e instanceof TargetGoneException) {
            return GUEST_FAILED;
        }
        return FAILED;
    }

    /**
     * The one line to print for {@code e} (without the "mzsh: " in front).
     * Messages of the command layer (usage, failed command) already name their
     * verb; everything from below gets {@code verb} in front, so the lower layers
     * describe what went wrong and never which verb they served.
     *
     * @param verb the verb the failure happened in, or "" outside any verb
     */
    public static String message(Throwable e, String verb) {
        String text;
        if (e instanceof UsageException || e instanceof CommandFailedException) {
            return e.getMessage();
        } else if (e instanceof HostMissingException h) {
            return "the host lacks " + h.getMessage() + (h.fix().isEmpty() ? "" : "; fix: " + h.fix());
        } else if (e instanceof CommandLine.ParameterException p) {
            text = e.getMessage()
                    + (verb.isEmpty()
                            ? " (" + helpCommand(p) + " shows the options)"
                            : " ('help " + verb + "' shows usage)");
        } else if (e instanceof QemuOnlyException) {
            text = e.getMessage();
        } else if (e instanceof InterruptedException) {
            text = "cancelled";
        } else if (e instanceof MemorizerException || e instanceof NoMemorizerException || e instanceof IOException) {
            text = e.getMessage();
        } else {
            text = String.valueOf(e);
        }
        return verb.isEmpty() ? text : verb + ": " + text;
    }

    /** The --help of the command whose arguments were wrong: "mzsh kmap summary --help", a command that works. */
    private static String helpCommand(CommandLine.ParameterException e) {
        CommandLine failed = e.getCommandLine();
        return (failed == null ? "mzsh" : failed.getCommandSpec().qualifiedName()) + " --help";
    }
}
