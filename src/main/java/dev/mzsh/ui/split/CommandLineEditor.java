package dev.mzsh.ui.split;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.History;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.history.DefaultHistory;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The split view's command line: the text being typed and its cursor, with JLine
 * as a library behind it - DefaultParser and the shell's completer for Tab, a
 * DefaultHistory on the same file as plain mode. The LineReader here only serves
 * as the completer's context, on a dumb terminal; nothing ever reads from it.
 */
public final class CommandLineEditor {
    private final StringBuilder text = new StringBuilder();
    private final Completer completer;
    private final Parser parser = new DefaultParser();
    private final LineReader context;
    private final History history;
    private int cursor;
    private int historyIndex;
    private String hint = "";

    public CommandLineEditor(Completer completer, Path historyFile) throws IOException {
        this.completer = completer;
        Terminal dumb = TerminalBuilder.builder()
                .system(false)
                .type(Terminal.TYPE_DUMB)
                .streams(InputStream.nullInputStream(), OutputStream.nullOutputStream())
                .build();
        LineReaderBuilder b =
                LineReaderBuilder.builder().terminal(dumb).appName("mzsh").parser(parser);
        if (historyFile != null) {
            b.variable(LineReader.HISTORY_FILE, historyFile);
        }
        this.context = b.build();
        this.history = new DefaultHistory(context);
        this.historyIndex = history.size();
    }

    public String text() {
        return text.toString();
    }

    public int cursor() {
        return cursor;
    }

    /** Completion choices to show after an ambiguous Tab; "" otherwise. */
    public String hint() {
        return hint;
    }

    public void insert(char c) {
        text.insert(cursor++, c);
        hint = "";
    }

    public void backspace() {
        if (cursor > 0) {
            text.deleteCharAt(--cursor);
        }
    }

    public void delete() {
        if (cursor < text.length()) {
            text.deleteCharAt(cursor);
        }
    }

    public void left() {
        cursor = Math.max(0, cursor - 1);
    }

    public void right() {
        cursor = Math.min(text.length(), cursor + 1);
    }

    public void home() {
        cursor = 0;
    }

    public void end() {
        cursor = text.length();
    }

    public void killToEnd() {
        text.setLength(cursor);
    }

    public void clear() {
        text.setLength(0);
        cursor = 0;
        hint = "";
    }

    /** Ctrl-W: deletes the word before the cursor. */
    public void deleteWordBefore() {
        int i = cursor;
        while (i > 0 && text.charAt(i - 1) == ' ') {
            i--;
        }
        while (i > 0 && text.charAt(i - 1) != ' ') {
            i--;
        }
        text.delete(i, cursor);
        cursor = i;
    }

    public void historyPrevious() {
        if (historyIndex > 0) {
            historyIndex--;
            set(history.get(historyIndex));
        }
    }

    public void historyNext() {
        if (historyIndex < history.size()) {
            historyIndex++;
            set(historyIndex == history.size() ? "" : history.get(historyIndex));
        }
    }

    private void set(String line) {
        text.setLength(0);
        text.append(line);
        cursor = text.length();
    }

    /** Enter: returns the line, adds it to the history and empties the editor. */
    public String accept() {
        String line = text.toString();
        if (!line.isBlank()) {
            history.add(line);
            try {
                history.save();
            } catch (IOException ignored) {
                // an unwritable history file must not stop the shell
            }
        }
        historyIndex = history.size();
        clear();
        return line;
    }

    /** Tab: completes the word at the cursor (its common prefix when ambiguous; the choices go to {@link #hint}). */
    public void complete() {
        ParsedLine parsed = parser.parse(text.toString(), cursor, Parser.ParseContext.COMPLETE);
        List<Candidate> candidates = new ArrayList<>();
        completer.complete(context, parsed, candidates);
        String word = parsed.word().substring(0, parsed.wordCursor());
        List<Candidate> matching =
                candidates.stream().filter(c -> c.value().startsWith(word)).toList();
        if (matching.isEmpty()) {
            hint = "";
            return;
        }
        String common = matching.get(0).value();
        for (Candidate c : matching) {
            int i = 0;
            while (i < common.length()
                    && i < c.value().length()
                    && common.charAt(i) == c.value().charAt(i)) {
                i++;
            }
            common = common.substring(0, i);
        }
        int start = cursor - word.length();
        int wordEnd = start + parsed.word().length();
        text.replace(start, wordEnd, common);
        cursor = start + common.length();
        if (matching.size() == 1 && matching.get(0).complete()) {
            if (cursor == text.length()) {
                text.append(' ');
            }
            cursor++;
            hint = "";
        } else if (matching.size() > 1) {
            hint = String.join(
                    "  ", matching.stream().map(Candidate::value).distinct().toList());
        } else {
            hint = "";
        }
    }
}
