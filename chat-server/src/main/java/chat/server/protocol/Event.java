package chat.server.protocol;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything the server tells a client, as data. An event is created once and encoded at each sink by
 * an {@link Encoder} ({@link TextEncoder}: the line protocol; {@link JsonEncoder}: JSON lines); nothing in
 * the server keeps formatted text as its model. docs/PROTOCOL.md shows every event in both encodings.
 *
 * <p>Thread-safe: immutable values.
 */
public sealed interface Event {

    /** A room message, action or shared image: kept in the room's history, numbered by the room. */
    sealed interface Chat extends Event {
        /** Increases within a room, from 1; 0 in a draft that the room has not numbered yet. */
        long id();

        String room();

        String nick();

        String text();

        Instant ts();

        /** This event with the id the room gave it. */
        Chat withId(long id);
    }

    /** The handshake prompt: answer with a nickname. */
    record NickPrompt() implements Event { }

    /** A message to a room. */
    record Message(long id, String room, String nick, String text, Instant ts) implements Chat {
        public Message withId(long newId) {
            return new Message(newId, room, nick, text, ts);
        }
    }

    /** An action ({@code /me}) in a room. */
    record Action(long id, String room, String nick, String text, Instant ts) implements Chat {
        public Action withId(long newId) {
            return new Action(newId, room, nick, text, ts);
        }
    }

    /**
     * A private message. The recipient gets it with {@code echo} false; the sender gets a copy with
     * {@code echo} true.
     */
    record Direct(String from, String to, String text, Instant ts, boolean echo) implements Event { }

    /** Someone entered a room. */
    record Joined(String room, String nick, Instant ts) implements Event { }

    /** Someone left a room; {@code reason} may be empty. */
    record Left(String room, String nick, String reason, Instant ts) implements Event { }

    /** Someone changed nickname; {@code room} is where it was announced. */
    record Renamed(String room, String oldNick, String newNick, Instant ts) implements Event { }

    /** Someone set a room's topic. */
    record TopicChanged(String room, String nick, String topic, Instant ts) implements Event { }

    /** A room's current topic (empty: none), as a reply or on entering the room. */
    record Topic(String room, String topic) implements Event { }

    /**
     * You are in {@code room}: after the handshake ({@code first}) or after {@code /join}.
     *
     * @param names    up to {@link TextEncoder#NAMES_IN_WELCOME} of the members already there
     * @param others   how many members are already there
     * @param commands the commands this client may use (names, no slash); shown to JSON clients only
     * @param uploadToken the session's credential for image uploads (empty: none); JSON clients only
     */
    record Arrival(String nick, String room, boolean first, List<String> names, int others,
                   List<String> commands, String uploadToken) implements Event {
        /** An arrival without an upload token. */
        public Arrival(String nick, String room, boolean first, List<String> names, int others,
                       List<String> commands) {
            this(nick, room, first, names, others, commands, "");
        }
    }

    /**
     * Someone shared an image in a room: {@code url} is where it is served (absolute, with the host and port the
     * uploader addressed the server by), {@code name} the file name given by the uploader, {@code size} its
     * bytes. Kept in history like a message; its {@link #text()} is the file name, which is what a search
     * matches.
     */
    record Image(long id, String room, String nick, String url, String name, long size, Instant ts) implements Chat {
        /** The file name. */
        @Override
        public String text() {
            return name;
        }

        public Image withId(long newId) {
            return new Image(newId, room, nick, url, name, size, ts);
        }
    }

    /**
     * A replay of a room's messages, oldest first: on entering a room, for {@code /history}, or for a
     * resume ({@code since} >= 0: the messages after id {@code since}, of which {@code missed} were said;
     * if that is more than are shown, the last ones are).
     */
    record History(String room, List<Chat> messages, long since, long missed) implements Event {
        /** A replay that is not a resume. */
        public History(String room, List<Chat> messages) {
            this(room, messages, -1, messages.size());
        }

        public boolean resume() {
            return since >= 0;
        }
    }

    /** The messages of a room that contain every word of {@code words}, oldest first. */
    record Search(String room, String words, List<Chat> matches) implements Event { }

    /** The active rooms, largest first. */
    record RoomList(List<RoomSize> rooms, String current) implements Event { }

    /** One entry of {@link RoomList}. */
    record RoomSize(String name, int members) { }

    /** The members of a room. */
    record Who(String room, List<String> nicks, Map<String, String> away) implements Event {
        /** Nobody away. */
        public Who(String room, List<String> nicks) {
            this(room, nicks, Map.of());
        }
    }

    /**
     * The answer to {@code /whois}: where {@code nick} is, since when, how idle; {@code away} is empty if
     * they are not away, {@code room} empty between rooms.
     */
    record Whois(String nick, String room, Instant since, Duration idle, String away) implements Event { }

    /** The command list. */
    record Help(List<CommandTable.Spec> commands) implements Event { }

    /** A server notice or error: a fixed {@link Code} and the sentence a person reads. */
    record Notice(Code code, String text) implements Event { }

    /** What a {@link Notice} is about: a closed set, so programs can act on it. */
    enum Code {
        NICK_INVALID(true), NICK_TAKEN(true), NICK_LOOKALIKE(true), NICK_UNCHANGED(true),
        LINE_TOO_LONG(true), UNKNOWN_COMMAND(true), USAGE(true), NOT_OPERATOR(true),
        ROOM_INVALID(true), ALREADY_IN_ROOM(true), NO_SUCH_ROOM(true), NO_SUCH_NICK(true),
        MUTED(true), OPER_REFUSED(true), OPER_WAIT(true), OPER_DISABLED(true),
        SERVER_FULL(true), TOO_MANY_CONNECTIONS(true), TOO_MANY_CONNECTS(true), BANNED(true),
        HANDSHAKE_TIMEOUT(true), REGISTRATION_TOO_LONG(true), IDLE_TIMEOUT(true), FLOOD_DROPPED(true), FLOODING(true),
        SERVER_BUSY(true), OPER_GRANTED(false), KICKED(false), YOU_WERE_MUTED(false), MODERATION(false),
        SHUTTING_DOWN(false), GOODBYE(false), STORE_FAILED(false), NICK_HINT(false),
        AWAY_SET(false), AWAY_CLEARED(false), IS_AWAY(false), CLUSTER_SPLIT(false), CLUSTER_WHOLE(false);

        private final boolean error;

        Code(boolean error) {
            this.error = error;
        }

        /** Errors are {@code "type":"error"} in JSON; the rest {@code "notice"}. */
        public boolean error() {
            return error;
        }
    }
}
