package chat.server;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

/**
 * The rules for nicknames and room names (docs/PROTOCOL.md, "Nicknames" and "Rooms").
 *
 * <p>A nickname is 1–24 characters (code points, after NFC normalization): letters of any script,
 * combining marks after the first character, decimal digits, {@code _}, {@code -} and {@code .}. A room
 * name is 1–32 such characters after an optional leading {@code #}. Two names are the same when their
 * keys are equal: NFKC normalization, then lower case, so {@code Alice}, {@code ALICE} and {@code Ａｌｉｃｅ}
 * (full width) are one nickname.
 *
 * <p>Thread-safe: stateless.
 */
public final class Names {
    public static final int MAX_NICK = 24;
    public static final int MAX_ROOM = 32;

    private Names() {
    }

    /** The nickname as it will be shown (NFC, trimmed). */
    public static String displayNick(String raw) {
        return Normalizer.normalize(raw.strip(), Normalizer.Form.NFC);
    }

    /** Why {@code nick} (as from {@link #displayNick}) is not a valid nickname, or empty if it is. */
    public static Optional<String> nickProblem(String nick) {
        return problem(nick, MAX_NICK);
    }

    /** The room's display name with a leading {@code #}, or empty if {@code raw} is no valid room name. */
    public static Optional<String> roomName(String raw) {
        String bare = Normalizer.normalize(raw.startsWith("#") ? raw.substring(1) : raw, Normalizer.Form.NFC);
        return problem(bare, MAX_ROOM).isPresent() ? Optional.empty() : Optional.of("#" + bare);
    }

    /** The key under which a nickname or room name is unique. */
    public static String key(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }

    private static Optional<String> problem(String name, int max) {
        if (name.isEmpty()) {
            return Optional.of("it is empty");
        }
        int length = name.codePointCount(0, name.length());
        if (length > max) {
            return Optional.of("it is longer than " + max + " characters");
        }
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (!allowed(cp, i == 0)) {
                return Optional.of("'" + (Character.isISOControl(cp) || Character.isWhitespace(cp)
                        ? String.format("U+%04X", cp) : Character.toString(cp)) + "' is not allowed");
            }
            i += Character.charCount(cp);
        }
        return Optional.empty();
    }

    private static boolean allowed(int cp, boolean first) {
        if (Character.isLetter(cp) || Character.isDigit(cp) || cp == '_' || cp == '-' || cp == '.') {
            return true;
        }
        int type = Character.getType(cp);
        return !first && (type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK);
    }
}
