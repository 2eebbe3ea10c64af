package chat.server.core;

import chat.server.protocol.Event;
import java.net.InetAddress;

/**
 * Someone online, as other users' commands reach them through the {@link Directory}: a private message,
 * a kick. Implementations do whatever touches a connection on threads of their own, so the
 * caller's thread never writes to another user's socket.
 *
 * <p>Implementations are thread-safe.
 */
public interface User extends Member {

    /** Sends {@code event} to this user only. */
    void send(Event event);

    /** The address the user connects from. */
    InetAddress address();

    /** Disconnects the user after {@code notice} has been flushed (bounded); {@code reason} is shown to the room. */
    void kick(Kick kind, String reason, Event notice);

    /** Where the user is, since when, how idle and whether away; {@code /whois} shows it. */
    Presence presence();

    /** Why an operator removes someone. */
    enum Kick { KICKED, BANNED }
}
