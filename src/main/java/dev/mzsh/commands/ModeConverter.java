package dev.mzsh.commands;

import dev.mzsh.memorizer.Mode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** enable's MODE: 0-3, a pid, or off, system, process. */
final class ModeConverter implements ITypeConverter<Mode> {
    /** For completion: the words and numbers MODE takes. */
    static final class Words extends ArrayList<String> {
        Words() {
            super(List.of("1", "2", "3", "0", "system", "process", "off"));
        }
    }

    @Override
    public Mode convert(String value) {
        try {
            return Mode.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** experiment --mode: only the modes an experiment can trace with (1, 2, 3). */
    static final class Traced implements ITypeConverter<Mode> {
        static final class Words extends ArrayList<String> {
            Words() {
                super(List.of("1", "2", "3"));
            }
        }

        @Override
        public Mode convert(String value) {
            return switch (value.strip()) {
                case "1", "2", "3" -> new Mode(Integer.parseInt(value.strip()));
                default -> throw new TypeConversionException("expected one of [1, 2, 3] but was '" + value + "'");
            };
        }
    }
}
