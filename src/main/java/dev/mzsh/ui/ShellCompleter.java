package dev.mzsh.ui;

import dev.mzsh.commands.Shell;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.jline.builtins.Completers;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Completes a shell line from the shell's picocli command tree: verb names first
 * (and subcommands such as {@code record start}), then option names, then values
 * - an argument's completion candidates, verb names for a VERB parameter, host
 * paths for a Path or File parameter. Used by both front ends.
 *
 * <p>Not picocli-shell-jline3's completer: that one offers neither host paths nor
 * option descriptions, which both front ends show.
 */
public final class ShellCompleter implements Completer {
    private final CommandSpec root;
    private final Completer files = new Completers.FileNameCompleter();

    public ShellCompleter(Shell shell) {
        this(shell.model());
    }

    /** @param root the command whose subcommands are the verbs */
    public ShellCompleter(CommandSpec root) {
        this.root = root;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> words = line.words();
        int index = line.wordIndex();
        CommandSpec spec = root;
        int first = 0; // the first word after the (sub)command's name
        while (first < index && spec.subcommands().containsKey(words.get(first))) {
            spec = spec.subcommands().get(words.get(first)).getCommandSpec();
            first++;
        }
        if (first == index && !spec.subcommands().isEmpty()) {
            names(spec, candidates);
            return;
        }
        if (spec == root) {
            return; // an unknown verb
        }
        String word = line.word();
        OptionSpec previous = spec.findOption(words.get(index - 1));
        if (previous != null && takesValue(previous)) {
            values(previous, reader, line, candidates);
            return;
        }
        if (word.startsWith("-")) {
            options(spec, candidates);
            return;
        }
        int position = positionalIndex(spec, words, first, index);
        boolean any = false;
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (p.index().contains(position)) {
                any |= values(p, reader, line, candidates);
            }
        }
        // The shell stops option parsing at the first positional (exec's words are the guest's).
        if (!any && word.isEmpty() && position == 0) {
            options(spec, candidates);
        }
    }

    /** How many positional words precede word {@code index} (options and their values skipped). */
    private static int positionalIndex(CommandSpec spec, List<String> words, int first, int index) {
        int position = 0;
        for (int j = first; j < index; j++) {
            OptionSpec o = spec.findOption(words.get(j));
            if (o != null) {
                if (takesValue(o)) {
                    j++;
                }
            } else if (!words.get(j).startsWith("-")) {
                position++;
            }
        }
        return position;
    }

    private static boolean takesValue(OptionSpec o) {
        return o.arity().max() > 0
                && !o.type().equals(boolean.class)
                && !o.type().equals(Boolean.class);
    }

    /** The names of {@code spec}'s subcommands (the verbs, for the root), without aliases. */
    private static void names(CommandSpec spec, List<Candidate> candidates) {
        spec.subcommands().forEach((name, cl) -> {
            if (name.equals(cl.getCommandSpec().name())) {
                String[] h = cl.getCommandSpec().usageMessage().header();
                candidates.add(new Candidate(name, name, null, h.length > 0 ? h[0] : null, null, null, true));
            }
        });
    }

    private static void options(CommandSpec spec, List<Candidate> candidates) {
        for (OptionSpec o : spec.options()) {
            if (!o.hidden()) {
                String[] d = o.description();
                candidates.add(new Candidate(
                        o.longestName(),
                        o.longestName(),
                        null,
                        d.length > 0 ? d[0] : null,
                        null,
                        null,
                        !takesValue(o)));
            }
        }
    }

    /** Adds the values {@code arg} accepts; returns whether it knows any. */
    private boolean values(ArgSpec arg, LineReader reader, ParsedLine line, List<Candidate> candidates) {
        if ("VERB".equals(arg.paramLabel())) {
            names(root, candidates);
            return true;
        }
        Iterable<String> known = arg.completionCandidates();
        if (known != null && known.iterator().hasNext()) {
            for (String v : known) {
                candidates.add(new Candidate(v));
            }
            return true;
        }
        Class<?> type = arg.auxiliaryTypes().length > 0 ? arg.auxiliaryTypes()[0] : arg.type();
        if (Path.class.isAssignableFrom(type) || File.class.equals(type)) {
            files.complete(reader, line, candidates);
            return true;
        }
        return false;
    }
}
