package dev.mzsh.ui;

import dev.mzsh.commands.Shell;
import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * Completes a shell line from the picocli model of its verb: verb names first,
 * then option names, then values - an argument's completion candidates (enums,
 * {@code completionCandidates}), verb names for a VERB parameter, host paths for
 * a Path or File parameter. Used by both front ends.
 */
public final class ShellCompleter implements Completer {
    private final java.util.function.Supplier<List<String>> verbNames;
    private final java.util.function.Function<String, CommandSpec> specOf;
    private final Map<String, CommandSpec> specs = new HashMap<>();
    private final Completer files = new Completers.FileNameCompleter();

    public ShellCompleter(Shell shell) {
        this(shell::verbs, shell::commandSpec);
    }

    /** @param specOf a verb's picocli model, or null for an unknown verb */
    public ShellCompleter(java.util.function.Supplier<List<String>> verbNames,
                          java.util.function.Function<String, CommandSpec> specOf) {
        this.verbNames = verbNames;
        this.specOf = specOf;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> words = line.words();
        int index = line.wordIndex();
        if (index == 0) {
            verbs(candidates);
            return;
        }
        CommandSpec spec = spec(words.get(0));
        if (spec == null) {
            return;
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
        int position = positionalIndex(spec, words, index);
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
    private static int positionalIndex(CommandSpec spec, List<String> words, int index) {
        int position = 0;
        for (int j = 1; j < index; j++) {
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
        return o.arity().max() > 0 && !o.type().equals(boolean.class) && !o.type().equals(Boolean.class);
    }

    private void verbs(List<Candidate> candidates) {
        for (String v : verbNames.get()) {
            candidates.add(new Candidate(v));
        }
    }

    private static void options(CommandSpec spec, List<Candidate> candidates) {
        for (OptionSpec o : spec.options()) {
            if (!o.hidden()) {
                String[] d = o.description();
                candidates.add(new Candidate(o.longestName(), o.longestName(), null, d.length > 0 ? d[0] : null,
                        null, null, !takesValue(o)));
            }
        }
    }

    /** Adds the values {@code arg} accepts; returns whether it knows any. */
    private boolean values(ArgSpec arg, LineReader reader, ParsedLine line, List<Candidate> candidates) {
        if ("VERB".equals(arg.paramLabel())) {
            verbs(candidates);
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

    private synchronized CommandSpec spec(String verb) {
        return specs.computeIfAbsent(verb, specOf);
    }
}
