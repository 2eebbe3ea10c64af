package chat.client;

import java.time.Instant;
import java.util.List;

/**
 * What the server told us, as data: one record per JSON event type of docs/PROTOCOL.md ("JSON mode"),
 * decoded by {@link EventDecoder}. The client decides everything (whose message it is, which room we are
 * in, what to complete) from these fields, never from display text.
 *
 * <p>A missing string field reads as {@code ""}, a missing or unreadable {@code ts} as null. Fields the
 * client does not know are dropped by the decoder; a type it does not know becomes {@link Unknown}.
 *
 * <p>Thread-safe: immutable records.
 */
sealed interface ServerEvent {

    /** The handshake asks for a nickname (again). */
    record NickPrompt() implements ServerEvent { }

    /**
     * We are in {@code room}: {@code first} for the {@code welcome} after the handshake, false for
     * {@code entered} after a {@code /join}.
     */
    record Arrival(boolean first, String nick, String room, int others, List<String> names,
                   List<String> commands) implements ServerEvent { }

    /**
     * What someone said or shared in a room, numbered by the room ({@code id}); {@code replay} inside a history
     * replay or search results.
     */
    sealed interface RoomEvent extends ServerEvent {
        long id();

        String room();

        String nick();

        Instant ts();

        boolean replay();
    }

    /** A message, or with {@code action} a {@code /me}. */
    record Chat(boolean action, long id, String room, String nick, String text, Instant ts, boolean replay)
            implements RoomEvent { }

    /** An image {@code nick} shared: where it is served ({@code url}), its file {@code name} and {@code size}. */
    record Image(long id, String room, String nick, String url, String name, long size, Instant ts, boolean replay)
            implements RoomEvent { }

    /** A private message from {@code from} to {@code to}; one of them is us. */
    record Direct(String from, String to, String text, Instant ts) implements ServerEvent { }

    record Joined(String room, String nick, Instant ts) implements ServerEvent { }

    /** {@code reason} is empty when {@code nick} moved to another room. */
    record Left(String room, String nick, String reason, Instant ts) implements ServerEvent { }

    record Renamed(String room, String oldNick, String newNick, Instant ts) implements ServerEvent { }

    /** The topic: set just now by {@code nick} (with {@code ts}), or shown (both null); {@code ""} is none. */
    record Topic(String room, String topic, String nick, Instant ts) implements ServerEvent { }

    /**
     * A history replay of {@code count} messages starts. For a {@code /resume} ({@link #resume()}) it has
     * the id the messages follow ({@code since}) and how many were said after it ({@code missed}, which
     * may be more than {@code count}); otherwise {@code since} is -1.
     */
    record HistoryStart(String room, int count, long since, long missed) implements ServerEvent {
        boolean resume() {
            return since >= 0;
        }
    }

    /** The history replay is over. */
    record HistoryEnd(String room) implements ServerEvent { }

    /**
     * A whole history replay, put together by the client from {@link HistoryStart}, the replayed
     * {@link RoomEvent}s and {@link HistoryEnd}.
     */
    record Replay(HistoryStart start, List<RoomEvent> messages) implements ServerEvent { }

    /** The {@code count} messages of {@code room} that match {@code words} follow ({@code /search}). */
    record SearchStart(String room, String words, int count) implements ServerEvent { }

    /** The search results are over. */
    record SearchEnd(String room) implements ServerEvent { }

    /** Search results, put together from {@link SearchStart}, the matching {@link RoomEvent}s and {@link SearchEnd}. */
    record Found(SearchStart start, List<RoomEvent> messages) implements ServerEvent { }

    record Rooms(List<RoomSize> rooms, String current) implements ServerEvent { }

    record RoomSize(String room, long members) { }

    /** {@code away}: who of {@code nicks} is away, with their message. */
    record Who(String room, List<String> nicks, java.util.Map<String, String> away) implements ServerEvent {
        Who(String room, List<String> nicks) {
            this(room, nicks, java.util.Map.of());
        }
    }

    /** The answer to {@code /whois}; {@code away} is empty if they are not away, {@code room} between rooms. */
    record Whois(String nick, String room, Instant since, long idleSeconds, String away) implements ServerEvent { }

    record Help(List<CommandHelp> commands) implements ServerEvent { }

    record CommandHelp(String name, String usage, String description) { }

    /** A {@code notice} or, with {@code error}, an {@code error}; {@code text} is the sentence to show. */
    record Notice(boolean error, String code, String text) implements ServerEvent {
        /** Whether the server refused the nickname we offered at the prompt (a {@link NickPrompt} follows). */
        boolean refusesNick() {
            return error && (code.equals("nick_taken") || code.equals("nick_lookalike") || code.equals("nick_invalid"));
        }
    }

    /** An event type this client does not know: ignored, so a newer server does not break it. */
    record Unknown(String type) implements ServerEvent { }

    /** A line that is not a JSON object (a connection refused before the handshake answers in text). */
    record Plain(String text) implements ServerEvent { }
}
