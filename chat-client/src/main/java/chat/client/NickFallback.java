package chat.client;

/**
 * The nickname to propose when a reconnect finds ours taken (someone took it while we were away, or our
 * dead connection still holds it): the same nickname for the first {@value #TRIES_BEFORE_FALLBACK} tries,
 * since a dead connection lets go soon, then {@code alice_}, then {@code alice__} … so the client gets back
 * into the chat instead of retrying forever. The user can {@code /nick alice} later.
 *
 * <p>Not thread-safe: confined to the listener thread, one instance per connection attempt.
 */
final class NickFallback {
    static final int TRIES_BEFORE_FALLBACK = 3;
    /** docs/PROTOCOL.md: nicknames are 1-24 code points. */
    private static final int MAX_NICK_CODE_POINTS = 24;

    private final String wanted;
    private int refusals;

    NickFallback(String wanted) {
        this.wanted = wanted;
    }

    /** Counts a refusal of our nickname if its error {@code code} says taken or look-alike. */
    void refused(String code) {
        if (code.equals("nick_taken") || code.equals("nick_lookalike")) {
            refusals++;
        }
    }

    /** The nickname to answer the next {@code NICK} with. */
    String proposal() {
        int underscores = Math.max(0, refusals - TRIES_BEFORE_FALLBACK + 1);
        int keep = Math.min(wanted.codePointCount(0, wanted.length()), MAX_NICK_CODE_POINTS - underscores);
        return wanted.substring(0, wanted.offsetByCodePoints(0, Math.max(keep, 1))) + "_".repeat(underscores);
    }

    /** What to tell the user once the server welcomed us under {@code nick}, or null if it is the one wanted. */
    String notice(String nick) {
        return nick.equals(wanted) ? null : wanted + " is taken; you are " + nick + " for now \u2014 /nick " + wanted + " later";
    }
}
