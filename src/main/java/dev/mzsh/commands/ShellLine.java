package dev.mzsh.commands;

import java.util.ArrayList;
import java.util.List;

/**
 * One command line split into words (shell-like quoting), remembering where each
 * word starts so that a verb such as {@code exec} can take the rest of the line
 * verbatim.
 */
public record ShellLine(String text, List<String> words, List<Integer> starts) {

    public static ShellLine parse(String text) {
        List<String> words = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        int start = -1;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < text.length()) {
                    w.append(text.charAt(++i));
                } else {
                    w.append(c);
                }
            } else if (Character.isWhitespace(c)) {
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
                if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '\\' && i + 1 < text.length()) {
                    w.append(text.charAt(++i));
                } else {
                    w.append(c);
                }
            }
        }
        if (quote != 0) {
            throw new UsageException("unterminated " + (quote == '"' ? "double" : "single") + " quote in: " + text.strip());
        }
        if (start >= 0) {
            words.add(w.toString());
            starts.add(start);
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
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
                cur.append(c);
            } else if (c == '\\' && i + 1 < text.length()) {
                cur.append(c).append(text.charAt(++i));
            } else if (c == '\'' || c == '"') {
                quote = c;
                cur.append(c);
            } else if (c == ';') {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        parts.add(cur.toString());
        return parts.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
