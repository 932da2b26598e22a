package dev.mzsh.commands;

import java.util.ArrayList;
import java.util.List;

/**
 * One command line split into words (shell-like quoting), remembering where each
 * word starts so that a verb such as {@code exec} can take the rest of the line
 * verbatim.
 */
public record ShellLine(String text, List<String> words, List<Integer> starts) {

    /** What a character is to the quoting: a quote or escaping backslash itself, one they protect, or plain. */
    private enum Role {
        SYNTAX,
        PROTECTED,
        PLAIN
    }

    /** The role of each character of {@code text}, and the quote left open at its end (0 if none). */
    private record Quoting(Role[] roles, char open) {
        static Quoting of(String text) {
            Role[] roles = new Role[text.length()];
            char quote = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                        roles[i] = Role.SYNTAX;
                    } else if (c == '\\' && quote == '"' && i + 1 < text.length()) {
                        roles[i] = Role.SYNTAX;
                        roles[++i] = Role.PROTECTED;
                    } else {
                        roles[i] = Role.PROTECTED;
                    }
                } else if (c == '\'' || c == '"') {
                    quote = c;
                    roles[i] = Role.SYNTAX;
                } else if (c == '\\' && i + 1 < text.length()) {
                    roles[i] = Role.SYNTAX;
                    roles[++i] = Role.PROTECTED;
                } else {
                    roles[i] = Role.PLAIN;
                }
            }
            return new Quoting(roles, quote);
        }

        /** Whether character {@code i} is outside quotes and unescaped, so a blank or ';' there separates. */
        boolean plainAt(int i) {
            return roles[i] == Role.PLAIN;
        }
    }

    public static ShellLine parse(String text) {
        Quoting q = Quoting.of(text);
        if (q.open() != 0) {
            throw new UsageException(
                    "unterminated " + (q.open() == '"' ? "double" : "single") + " quote in: " + text.strip());
        }
        List<String> words = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || q.plainAt(i) && Character.isWhitespace(text.charAt(i))) {
                if (start >= 0) {
                    words.add(w.toString());
                    starts.add(start);
                    w.setLength(0);
                    start = -1;
                }
            } else {
                if (start < 0) {
                    start = i;
                }
                if (q.roles()[i] != Role.SYNTAX) {
                    w.append(text.charAt(i));
                }
            }
        }
        return new ShellLine(text, List.copyOf(words), List.copyOf(starts));
    }

    public boolean isBlank() {
        return words.isEmpty();
    }

    public String verb() {
        return words.get(0);
    }

    /** The arguments after the verb, as words. */
    public List<String> args() {
        return words.subList(1, words.size());
    }

    /** The raw text from word {@code index} (0 = the verb) to the end of the line. */
    public String rawFrom(int index) {
        return text.substring(starts.get(index)).strip();
    }

    /**
     * Splits {@code -c} text at {@code ;} outside quotes. A {@code ;} meant for the
     * guest shell goes inside quotes: {@code exec sh -c 'a; b'}.
     */
    public static List<String> splitCommands(String text) {
        Quoting q = Quoting.of(text);
        List<String> parts = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < text.length(); i++) {
            if (q.plainAt(i) && text.charAt(i) == ';') {
                parts.add(text.substring(from, i));
                from = i + 1;
            }
        }
        parts.add(text.substring(from));
        return parts.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
