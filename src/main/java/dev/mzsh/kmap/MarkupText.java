package dev.mzsh.kmap;

/**
 * Text from a kmap (names the guest chose) made safe inside HTML and XML, for the HTML report
 * and the GraphML export alike: markup characters become entities, and control characters
 * (C0, DEL, C1, and the non-characters U+FFFE/U+FFFF, which XML 1.0 forbids) are shown as
 * {@code \xNN} text rather than passed on.
 */
final class MarkupText {
    private MarkupText() {}

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (c < 0x20 || c == 0x7f || c >= 0x80 && c < 0xa0 || c == 0xfffe || c == 0xffff) {
                        b.append("\\x")
                                .append(Character.forDigit(c >> 4 & 0xf, 16))
                                .append(Character.forDigit(c & 0xf, 16));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
