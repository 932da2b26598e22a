package dev.mzsh.kmap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkupTextTest {
    @Test
    void markupBecomesEntitiesAndControlsBecomeVisibleText() {
        assertThat(MarkupText.escape("<a href=\"x\">'&'</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
        assertThat(MarkupText.escape("\u001b[2J\u0007\u007f\u009b\uffff")).isEqualTo("\\x1b[2J\\x07\\x7f\\x9b\\xff");
        assertThat(MarkupText.escape("kmalloc-64 é")).isEqualTo("kmalloc-64 é");
    }
}
