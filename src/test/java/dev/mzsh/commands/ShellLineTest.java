package dev.mzsh.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShellLineTest {
    @Test
    void wordsFollowShellQuoting() {
        ShellLine l = ShellLine.parse("exec --timeout 5 echo 'a b' \"c\\\"d\" e\\ f");
        assertThat(l.verb()).isEqualTo("exec");
        assertThat(l.args()).containsExactly("--timeout", "5", "echo", "a b", "c\"d", "e f");
    }

    @Test
    void rawFromKeepsTheRestOfTheLineVerbatim() {
        ShellLine l = ShellLine.parse("exec --timeout 5 echo 'a  b' > /tmp/x; true");
        assertThat(l.rawFrom(3)).isEqualTo("echo 'a  b' > /tmp/x; true");
    }

    @Test
    void semicolonsSplitCommandsOnlyOutsideQuotes() {
        assertThat(ShellLine.splitCommands("exec uname -r; exec sh -c 'a; b' ;; status"))
                .containsExactly("exec uname -r", "exec sh -c 'a; b'", "status");
        assertThat(ShellLine.splitCommands("exec echo \"x;y\"; exec echo a\\;b"))
                .containsExactly("exec echo \"x;y\"", "exec echo a\\;b");
        // the same quoting as the words of one command: an escaped quote does not end the quotes
        assertThat(ShellLine.splitCommands("exec echo \"a\\\";b\"; status"))
                .containsExactly("exec echo \"a\\\";b\"", "status");
        assertThat(ShellLine.parse("exec echo \"a\\\";b\"").args()).containsExactly("echo", "a\";b");
    }

    @Test
    void unterminatedQuoteIsAUsageError() {
        assertThatThrownBy(() -> ShellLine.parse("exec echo 'oops"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("unterminated single quote");
    }

    @Test
    void blankLineHasNoVerb() {
        assertThat(ShellLine.parse("   ").isBlank()).isTrue();
    }
}
