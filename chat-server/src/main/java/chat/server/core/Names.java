package chat.server.core;

import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

/**
 * The rules for nicknames and room names (docs/PROTOCOL.md, "Nicknames" and "Rooms").
 *
 * <p>A nickname is 1–24 characters (code points, after NFC normalization): letters of any script,
 * combining marks after the first character, decimal digits, {@code _}, {@code -} and {@code .}. A room
 * name is 1–32 such characters after an optional leading {@code #}. Two room names are the same when
 * their keys are equal: NFKC normalization, then lower case. Two nicknames are the same when they look
 * alike: their keys are the Unicode TS #39 confusable skeletons (ICU4J's {@link SpoofChecker}) of their
 * NFKC case-folded forms, so {@code Alice}, {@code ALICE}, full-width {@code Ａｌｉｃｅ}, {@code A1ice} and
 * {@code Аlice} with a Cyrillic {@code А} are all one nickname, as are {@code rn} and {@code m}.
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

    private static final Normalizer2 NFKC_CASEFOLD = Normalizer2.getNFKCCasefoldInstance();
    private static final SpoofChecker SPOOF = new SpoofChecker.Builder().setChecks(SpoofChecker.CONFUSABLE).build();

    /** The key under which a room name is unique, and two nicknames are the same apart from case and form. */
    public static String key(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }

    /**
     * The key under which a nickname is unique: equal for nicknames that look alike. Skeletons keep case
     * ({@code 0} becomes {@code O}), so folding and skeleton are applied twice to also catch {@code 0scar}.
     */
    public static String nickKey(String nick) {
        String once = SPOOF.getSkeleton(NFKC_CASEFOLD.normalize(nick));
        return SPOOF.getSkeleton(NFKC_CASEFOLD.normalize(once));
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
