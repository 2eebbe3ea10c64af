package chat.server.command;

import chat.server.core.Directory;
import chat.server.core.Moderation;
import chat.server.core.Room;
import chat.server.core.User;
import chat.server.protocol.Event;
import java.net.InetAddress;
import java.time.Instant;

/**
 * What a command handler may see and do: the sender, its room, the directory of users and rooms, the
 * publish point, moderation. Handlers reach nothing else (no sockets, no server internals).
 *
 * <p>Implemented by the session; every method is called on the sender's reader thread.
 */
public interface Context {

    /** The connection id, as in logs: {@code c42}. */
    String id();

    String nick();

    /** The sender's room; null only outside the chat phase. */
    Room room();

    InetAddress address();

    /** The sender as other users' commands see it. */
    User self();

    Directory directory();

    Moderation moderation();

    /** Publishes {@code draft} to {@code room}, the sender included. */
    void publish(Room room, Event draft);

    /** The server's clock. */
    Instant now();

    /** The most messages a room keeps, so the most {@code /history} can show. */
    int historyLimit();

    /** Sends {@code event} to the sender only. */
    void reply(Event event);

    /** Leaves the current room and enters {@code roomName} (a valid display name) with that replay. */
    void moveTo(String roomName, chat.server.core.Replay replay);

    /** Messages replayed on entering a room. */
    int replayOnJoin();

    /** Where history beyond the rooms' memory is read from, and private messages are kept if configured. */
    chat.server.store.HistoryStore store();

    /** Takes the nickname {@code newNick}, which the directory has granted; the room sees the change. */
    void renamed(String newNick);

    /** Marks the sender away with {@code message}, or back if it is empty. */
    void away(String message);

    /** Ends the session after this line; {@code message} may be empty. */
    void quit(String message);

    boolean isOperator();

    /**
     * Checks an operator password attempt, slowing down guessing.
     *
     * @return 0 if the attempt was checked (see {@link #isOperator()}), else the seconds to wait first
     */
    long tryOper(String password);

    /** Seconds the sender stays muted (its nickname or its address); 0 if not muted. */
    long mutedSeconds();
}
