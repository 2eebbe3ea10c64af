package chat.common;

/**
 * Makes user text safe to put on a terminal.
 *
 * <p>Rules (docs/PROTOCOL.md, "What reaches your terminal"): a tab becomes one space; every other
 * control character (C0, DEL, C1, so ESC, BEL, BS and friends), every format character (bidi overrides
 * and isolates, zero-width spaces and joiners, BOM, soft hyphen, tag characters), line and paragraph
 * separators and lone surrogates are removed. The one exception is a zero-width joiner inside an emoji
 * sequence such as 👩‍💻, 🏳️‍🌈 or 👩🏽‍💻: after an emoji shown as emoji (an Extended_Pictographic character
 * with Emoji_Presentation, or followed by VS16, or an emoji modifier base with a skin tone) and before an
 * Extended_Pictographic character. Digits, {@code #}, {@code *}, {@code ©} and {@code ®} are emoji in
 * Unicode's sense but only keycap or text characters here, so a joiner after them goes. Everything else,
 * in any script, is kept.
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
        for (int i = start; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\t') {
                out.append(' ');
            } else if (cp == ZERO_WIDTH_JOINER) {
                if (endsInEmoji(out) && i < text.length() && Character.isExtendedPictographic(text.codePointAt(i))) {
                    out.appendCodePoint(cp);
                }
            } else if (keep(cp)) {
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    /** Whether {@code out} ends in an emoji shown as emoji; looks back two code points at most. */
    private static boolean endsInEmoji(CharSequence out) {
        if (out.isEmpty()) {
            return false;
        }
        int last = Character.codePointBefore(out, out.length());
        if (last != VARIATION_SELECTOR_16 && !Character.isEmojiModifier(last)) {
            return Character.isExtendedPictographic(last) && Character.isEmojiPresentation(last);
        }
        int end = out.length() - Character.charCount(last);
        if (end == 0) {
            return false;
        }
        int base = Character.codePointBefore(out, end);
        return last == VARIATION_SELECTOR_16 ? Character.isExtendedPictographic(base) : Character.isEmojiModifierBase(base);
    }

    private static boolean keep(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR,
                 Character.PARAGRAPH_SEPARATOR, Character.SURROGATE -> false;
            default -> true;
        };
    }
}
