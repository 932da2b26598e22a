package dev.mzsh.commands;

import java.lang.reflect.Constructor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * Creates the verbs for picocli and gives each the shell, its context and the raw
 * line ({@link Verb#bind}; exec and experiment pass the rest of the line to the
 * guest verbatim). Verbs made for one value (gdb with another gdb in tests) may
 * take these in their constructor instead. Everything else (converters,
 * candidate lists) comes from picocli's own factory.
 */
final class VerbFactory implements CommandLine.IFactory {
    private final Map<Class<?>, Object> supplies;
    private final Shell shell;
    private final ShellContext ctx;
    private final ShellLine line;

    VerbFactory(Shell shell, ShellContext ctx, ShellLine line) {
        this.shell = shell;
        this.ctx = ctx;
        this.line = line;
        // not Map.of: it refuses nulls, and completion builds the model without a context
        this.supplies = new HashMap<>();
        supplies.put(Shell.class, shell);
        supplies.put(ShellContext.class, ctx);
        supplies.put(ShellLine.class, line);
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
        K made = construct(cls);
        if (made instanceof Verb v) {
            v.bind(shell, ctx, line);
        }
        return made;
    }

    private <K> K construct(Class<K> cls) throws Exception {
        Constructor<?> best = null;
        for (Constructor<?> c : cls.getDeclaredConstructors()) {
            boolean suppliable = c.getParameterCount() > 0
                    && Arrays.stream(c.getParameterTypes()).allMatch(supplies::containsKey);
            if (suppliable && (best == null || c.getParameterCount() > best.getParameterCount())) {
                best = c;
            }
        }
        if (best == null) {
            return CommandLine.defaultFactory().create(cls);
        }
        best.setAccessible(true);
        Object[] args =
                Arrays.stream(best.getParameterTypes()).map(supplies::get).toArray();
        return cls.cast(best.newInstance(args));
    }
}
