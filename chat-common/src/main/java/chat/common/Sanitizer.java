package chat.common;

/**
 * Makes user text safe to put on a terminal.
 *
 * <p>Rules (docs/PROTOCOL.md, "What reaches your terminal"): a tab becomes one space; every other
 * control character (C0, DEL, C1, so ESC, BEL, BS and friends), every format character (bidi overrides
 * and isolates, zero-width spaces and joiners, BOM, soft hyphen, tag characters), line and paragraph
 * separators and lone surrogates are removed. The one exception is a zero-width joiner right after an
 * emoji, which keeps emoji sequences such as 👩‍💻 whole. Everything else, in any script, is kept.
 *
 * <p>Thread-safe: stateless.
 */
public final class Sanitizer {
    private static final int ZERO_WIDTH_JOINER = 0x200D;
    private static final int VARIATION_SELECTOR_16 = 0xFE0F;

    private Sanitizer() {
    }

    /** Returns {@code text} without the characters listed in the class comment. */
    public static String clean(String text) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c >= 0x7F) {
                return cleanFrom(text, i);
            }
        }
        return text; // printable ASCII: the common case, no copy
    }

    private static String cleanFrom(String text, int start) {
        StringBuilder out = new StringBuilder(text.length());
        out.append(text, 0, start);
        int previous = start > 0 ? text.codePointBefore(start) : -1;
        for (int i = start; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\t') {
                out.append(' ');
                previous = ' ';
            } else if (keep(cp, previous)) {
                out.appendCodePoint(cp);
                previous = cp;
            }
        }
        return out.toString();
    }

    private static boolean keep(int cp, int previous) {
        if (cp == ZERO_WIDTH_JOINER) {
            return previous == VARIATION_SELECTOR_16 || (previous >= 0 && Character.isEmoji(previous));
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR,
                 Character.PARAGRAPH_SEPARATOR, Character.SURROGATE -> false;
            default -> true;
        };
    }
}
