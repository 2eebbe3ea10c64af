package chat.client;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * When a line is about you, and when the terminal bell rings: a message or action that names you (your
 * nickname as a whole word, any case) is a mention, and so is a private message to you. {@link Bell} says
 * what rings: nothing, mentions (the default), or every message from someone else.
 *
 * <p>Thread-safe: stateless.
 */
final class Mentions {
    private Mentions() {
    }

    /** What rings the bell, as {@code /bell off|mentions|all} sets it. */
    enum Bell {
        OFF, MENTIONS, ALL;

        /** The word for it in {@code /bell} and the config file. */
        String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The mode called {@code word} (any case), or null. */
        static Bell of(String word) {
            for (Bell b : values()) {
                if (b.word().equalsIgnoreCase(word.strip())) {
                    return b;
                }
            }
            return null;
        }
    }

    /** Whether {@code text} names {@code me} as a whole word (so {@code al} is not named by {@code alice}). */
    static boolean names(String text, String me) {
        if (me == null || me.isEmpty()) {
            return false;
        }
        Pattern word = Pattern.compile("(?<![\\p{L}\\p{N}_.-])" + Pattern.quote(me) + "(?![\\p{L}\\p{N}_-])",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        return word.matcher(text).find();
    }

    /** Whether {@code event}, live from the server, is about {@code me}. */
    static boolean isMention(ServerEvent event, String me) {
        return switch (event) {
            case ServerEvent.Chat c -> !c.nick().equals(me) && names(c.text(), me);
            case ServerEvent.Direct d -> !d.from().equals(me);
            default -> false;
        };
    }

    /** Whether {@code event} rings the bell under {@code bell}. */
    static boolean rings(ServerEvent event, String me, Bell bell) {
        return switch (bell) {
            case OFF -> false;
            case MENTIONS -> isMention(event, me);
            case ALL -> event instanceof ServerEvent.RoomEvent e && !e.nick().equals(me)
                    || event instanceof ServerEvent.Direct d && !d.from().equals(me);
        };
    }
}
