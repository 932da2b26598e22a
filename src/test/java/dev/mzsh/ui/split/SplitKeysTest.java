package dev.mzsh.ui.split;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import dev.mzsh.commands.Shell;
import dev.mzsh.commands.ShellContext;
import dev.mzsh.session.GuestOptions;
import dev.mzsh.session.Installation;
import dev.mzsh.session.RunDirectory;
import dev.mzsh.session.Session;
import dev.mzsh.ui.split.SplitView.Focus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one declaration of the split view's keys, and what is generated from it or checked against it. */
class SplitKeysTest {
    private static final String TABLE_HEADER = "| key | in the split view |";

    @TempDir
    Path tmp;

    /** README.md's key table, each row as {keys, what they do}, Markdown code marks removed. */
    private static List<List<String>> readmeTable() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        int start = lines.indexOf(TABLE_HEADER);
        assertThat(start).as("README.md has the table headed " + TABLE_HEADER).isNotNegative();
        List<List<String>> rows = new ArrayList<>();
        for (int i = start + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String[] cells = lines.get(i).substring(1).split("(?<!\\\\)\\|");
            assertThat(cells).as("README key table row: " + lines.get(i)).hasSizeGreaterThanOrEqualTo(2);
            rows.add(List.of(plain(cells[0]), plain(cells[1])));
        }
        return rows;
    }

    private static String plain(String cell) {
        return cell.replace("`", "").replace("\\|", "|").strip();
    }

    @Test
    void readmeTableIsTheDeclaredKeys() throws Exception {
        List<List<String>> declared =
                SplitKeys.ROWS.stream().map(r -> List.of(r.keys(), r.help())).toList();
        assertThat(readmeTable())
                .as("README.md's key table, in the order of SplitKeys.ROWS")
                .containsExactlyElementsOf(declared);
    }

    @Test
    void everyActionIsBoundAndNoSequenceTwiceWhereTheKeyboardIs() {
        Set<SplitKeys.Action> bound = EnumSet.noneOf(SplitKeys.Action.class);
        Map<String, SplitKeys.Action> command = new HashMap<>();
        Map<String, SplitKeys.Action> console = new HashMap<>();
        for (SplitKeys.Binding b : SplitKeys.bindings()) {
            bound.add(b.action());
            assertThat(b.sequences()).isNotEmpty();
            for (Focus f : b.where()) {
                Map<String, SplitKeys.Action> keys = f == Focus.COMMAND ? command : console;
                for (String seq : b.sequences()) {
                    SplitKeys.Action before = keys.put(seq, b.action());
                    assertThat(before)
                            .as("%s in %s bound to %s and %s", seq.replace("\033", "ESC"), f, before, b.action())
                            .isNull();
                }
            }
        }
        assertThat(bound).containsExactlyInAnyOrder(SplitKeys.Action.values());
    }

    @Test
    void helpLinesFitTheirWidthAndNameEveryRow() {
        for (int width : new int[] {74, 40, 20}) {
            List<String> lines = KeyHelp.lines(width);
            assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(width));
            String all = String.join("\n", lines);
            for (SplitKeys.Row row : SplitKeys.ROWS) {
                assertThat(all).contains(row.keys());
            }
        }
        // every word of a row's text is shown, wrapped under its column
        String wide = String.join(" ", KeyHelp.lines(74)).replaceAll(" +", " ");
        SplitKeys.ROWS.forEach(
                r -> assertThat(wide).contains(r.keys() + " " + r.help().split(" ")[0]));
        for (SplitKeys.Row r : SplitKeys.ROWS) {
            assertThat(wide).contains(r.help());
        }
    }

    @Test
    void f1OverlayAt80x24ShowsEveryDeclaredKeyAndTheyAct() throws Exception {
        ResultsLog results = new ResultsLog();
        try (Session session = new Session(
                Installation.detect(),
                GuestOptions.defaults(),
                RunDirectory.exactly(tmp.resolve("run")),
                results.printStream())) {
            SplitForeground foreground = new SplitForeground();
            ShellContext ctx = new ShellContext(
                    session, results.stream(), results.printStream(), results.printStream(), foreground);
            SplitView view = new SplitView(new Shell(ctx), session, results, foreground, tmp.resolve("history"));
            DefaultVirtualTerminal vt = new DefaultVirtualTerminal(new TerminalSize(80, 24));
            TerminalScreen screen = new TerminalScreen(vt);
            screen.startScreen();
            try {
                view.show(screen);
                view.handleKey(new KeyStroke(KeyType.F1));
                view.render();
                StringBuilder shown = new StringBuilder();
                for (int r = 0; r < 24; r++) {
                    for (int c = 0; c < 80; c++) {
                        shown.append(vt.getCharacter(c, r).getCharacterString());
                    }
                    shown.append('\n');
                }
                assertThat(shown).contains(KeyHelp.TITLE);
                for (SplitKeys.Row row : SplitKeys.ROWS) {
                    assertThat(shown)
                            .as("the overlay at 80x24 lists " + row.keys())
                            .contains(row.keys());
                }
                // bound from the declaration: Ctrl-A then typing inserts at the line's start
                view.handleKey(new KeyStroke('x', false, false)); // closes the help
                for (char c : "tus".toCharArray()) {
                    view.handleKey(new KeyStroke(c, false, false));
                }
                view.handleKey(new KeyStroke('a', true, false));
                for (char c : "sta".toCharArray()) {
                    view.handleKey(new KeyStroke(c, false, false));
                }
                view.render();
                StringBuilder line = new StringBuilder();
                for (int c = 0; c < 80; c++) {
                    line.append(
                            vt.getCharacter(c, view.layout().command().row()).getCharacterString());
                }
                assertThat(line.toString()).startsWith("mzsh[off]> status");
            } finally {
                screen.stopScreen();
            }
        }
    }
}
