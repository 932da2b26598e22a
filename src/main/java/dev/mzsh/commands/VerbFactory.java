package dev.mzsh.commands;

import java.lang.reflect.Constructor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * Creates the verbs for picocli: a verb's constructor takes what it needs of the
 * shell, its context and the raw line (exec and experiment pass the rest of the
 * line to the guest verbatim). Everything else (converters, candidate lists)
 * comes from picocli's own factory.
 */
final class VerbFactory implements CommandLine.IFactory {
    private final Map<Class<?>, Object> supplies;

    VerbFactory(Shell shell, ShellContext ctx, ShellLine line) {
        // not Map.of: it refuses nulls, and completion builds the model without a context
        this.supplies = new HashMap<>();
        supplies.put(Shell.class, shell);
        supplies.put(ShellContext.class, ctx);
        supplies.put(ShellLine.class, line);
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
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
        Object[] args = Arrays.stream(best.getParameterTypes()).map(supplies::get).toArray();
        return cls.cast(best.newInstance(args));
    }
}
