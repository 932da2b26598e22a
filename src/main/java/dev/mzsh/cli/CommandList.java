package dev.mzsh.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.Column.Overflow;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The "Commands:" section of a usage message with each subcommand's whole description,
 * wrapped. picocli's own list shows only the first line of a description (or of a
 * header), which cut `setup`'s mid-sentence.
 */
final class CommandList implements CommandLine.IHelpSectionRenderer {
    /** picocli's widest name column; longer names span into the text column. */
    private static final int MAX_NAME_WIDTH = 37;

    @Override
    public String render(Help help) {
        Map<String, Help> subcommands = help.subcommands();
        if (subcommands.isEmpty()) {
            return "";
        }
        int nameWidth = 0;
        for (Help sub : subcommands.values()) {
            nameWidth = Math.max(nameWidth, sub.commandNamesText(", ").getCJKAdjustedLength());
        }
        nameWidth = Math.min(nameWidth, MAX_NAME_WIDTH);
        int width = help.commandSpec().usageMessage().width();
        TextTable table = TextTable.forColumns(
                help.colorScheme(),
                new Column(nameWidth + 4, 2, Overflow.SPAN),
                new Column(width - (nameWidth + 4), 2, Overflow.WRAP));
        for (Help sub : subcommands.values()) {
            table.addRowValues(
                    sub.commandNamesText(", "),
                    help.colorScheme().text(summary(sub.commandSpec().usageMessage())));
        }
        return table.toString();
    }

    /** The header if the command has one, otherwise its whole description as one paragraph. */
    static String summary(UsageMessageSpec usage) {
        String[] text = usage.header().length > 0 ? usage.header() : usage.description();
        return String.join(" ", text).strip();
    }
}
