package dev.mzsh.commands;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The value of an on|off argument. picocli converts it, so a bad word is a usage
 * error listing the choices. Not a Boolean: picocli takes only true/false for an
 * optional boolean positional.
 */
enum OnOff {
    ON,
    OFF;

    boolean on() {
        return this == ON;
    }

    /** The words offered by completion. */
    static final class Words extends ArrayList<String> {
        Words() {
            super(List.of("on", "off"));
        }
    }

    static final class Converter implements ITypeConverter<OnOff> {
        @Override
        public OnOff convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "on", "1", "yes", "true", "y" -> ON;
                case "off", "0", "no", "false", "n" -> OFF;
                default ->
                    throw new TypeConversionException(
                            "expected one of [on, off] (or 1/0, yes/no, " + "true/false) but was '" + value + "'");
            };
        }
    }
}
