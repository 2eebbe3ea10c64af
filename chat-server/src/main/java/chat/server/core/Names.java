package chat.server.core;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import java.text.Normalizer;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The rules for nicknames and room names (docs/PROTOCOL.md, "Nicknames" and "Rooms").
 *
 * <p>A nickname is 1–24 characters (code points, after NFC normalization): letters of any script,
 * combining marks after the first character, decimal digits, {@code _}, {@code -} and {@code .}; invisible
 * characters (Unicode Default_Ignorable_Code_Point, such as the Hangul fillers U+3164, U+115F, U+FFA0 and
 * the combining grapheme joiner U+034F) are not allowed. A room name is 1–32 such characters after an
 * optional leading {@code #}.
 *
 * <p>Two nicknames, and two room names, are the same when they look alike apart from case. Each name has
 * up to two keys, built from the Unicode TS #39 confusable skeleton (ICU4J's {@link SpoofChecker}) and NFKC
 * case folding: the skeleton of the folded name, and the folded skeleton of the name as written. Two names
 * are the same when they share a key. One key would not do: a capital {@code I} looks like {@code l} but
 * folds to {@code i}, so {@code aI} must match both {@code al} and {@code ai}, which do not match each
 * other. So {@code Alice}, {@code ALICE}, full-width {@code Ａｌｉｃｅ}, {@code A1ice}, {@code AIice} and
 * {@code Аlice} with a Cyrillic {@code А} are all one nickname, as are {@code rn} and {@code m}.
 *
 * <p>Thread-safe: stateless.
 */
public final class Names {
    public static final int MAX_NICK = 24;
    public static final int MAX_ROOM = 32;
    /** U+2800 looks like a space but is a symbol, not Default_Ignorable. */
    private static final int BRAILLE_BLANK = 0x2800;

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
    /** Fold-and-skeleton rounds until a key is stable; skeletons keep case ({@code 0} becomes {@code O}). */
    private static final int MAX_ROUNDS = 4;

    /**
     * The keys of a nickname, the case-insensitive one first: two nicknames are the same when they share
     * one (see the class comment). One or two distinct keys.
     */
    public static List<String> nickKeys(String nick) {
        String caseless = settle(nick);
        String asWritten = settle(SPOOF.getSkeleton(nick));
        return caseless.equals(asWritten) ? List.of(caseless) : List.of(caseless, asWritten);
    }

    /** The keys of a room name with or without its {@code #}, compared like nicknames. */
    public static List<String> roomKeys(String room) {
        return nickKeys(room.startsWith("#") ? room.substring(1) : room);
    }

    /** Whether two nicknames look alike apart from case (share a key). */
    public static boolean sameNick(String one, String other) {
        return !Collections.disjoint(nickKeys(one), nickKeys(other));
    }

    /** Whether two room names look alike apart from case (share a key). */
    public static boolean sameRoom(String one, String other) {
        return !Collections.disjoint(roomKeys(one), roomKeys(other));
    }

    /** Whether two names differ at most in case and compatibility form, not merely look alike. */
    public static boolean sameSpelling(String one, String other) {
        return NFKC_CASEFOLD.normalize(one).equals(NFKC_CASEFOLD.normalize(other));
    }

    /** Folds and takes the skeleton until nothing changes, so that e.g. {@code 0scar} and {@code oscar} meet. */
    private static String settle(String name) {
        String key = name;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            String next = SPOOF.getSkeleton(NFKC_CASEFOLD.normalize(key));
            if (next.equals(key)) {
                break;
            }
            key = next;
        }
        return key;
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
                return Optional.of("'" + (Character.isISOControl(cp) || Character.isWhitespace(cp) || invisible(cp)
                        ? String.format("U+%04X", cp) : Character.toString(cp)) + "' is not allowed");
            }
            i += Character.charCount(cp);
        }
        return Optional.empty();
    }

    private static boolean allowed(int cp, boolean first) {
        if (invisible(cp)) {
            return false;
        }
        if (Character.isLetter(cp) || Character.isDigit(cp) || cp == '_' || cp == '-' || cp == '.') {
            return true;
        }
        int type = Character.getType(cp);
        return !first && (type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK);
    }

    /** Characters that show nothing (fillers, joiners, variation selectors), though some count as letters. */
    private static boolean invisible(int cp) {
        return UCharacter.hasBinaryProperty(cp, UProperty.DEFAULT_IGNORABLE_CODE_POINT) || cp == BRAILLE_BLANK;
    }
}
